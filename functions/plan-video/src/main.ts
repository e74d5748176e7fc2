import { entry } from '../../../shared/src/appwrite/entry.js';

export default entry({
  serves: (row) => row.status === 'queued',
  load: async () => {
    const [{ planVideo }, { llmFromConfig }] = await Promise.all([import('./handler.js'), import('../../../shared/src/pipeline/wiring.js')]);
    return planVideo({ llm: llmFromConfig });
  },
});
