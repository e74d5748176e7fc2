import { entry } from '../../../shared/src/appwrite/entry.js';
import { isServed } from '../../../shared/src/pipeline/served-status.js';

export default entry({
  serves: isServed('code-scene'),
  load: async () => {
    const [{ codeScene }, { llmFromConfig, rewrite, speakerFromConfig }] = await Promise.all([import('./handler.js'), import('../../../shared/src/pipeline/wiring.js')]);
    return codeScene({ llm: llmFromConfig, rewrite, speakers: speakerFromConfig });
  },
});
