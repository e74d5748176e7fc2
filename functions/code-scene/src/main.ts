import { entry } from '../../../shared/src/appwrite/entry.js';

export default entry({
  serves: (row) => row.status === 'planned',
  load: async () => {
    const [{ codeScene }, { llmFromConfig, rewrite }] = await Promise.all([import('./handler.js'), import('../../../shared/src/pipeline/wiring.js')]);
    return codeScene({ llm: llmFromConfig, rewrite });
  },
});
