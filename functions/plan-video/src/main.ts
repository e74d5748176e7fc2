import { entry } from '../../../shared/src/appwrite/entry.js';
import { isServed } from '../../../shared/src/pipeline/served-status.js';

export default entry({
  serves: isServed('plan-video'),
  load: async () => {
    const [{ planVideo }, { llmFromConfig, pickVoice }] = await Promise.all([import('./handler.js'), import('../../../shared/src/pipeline/wiring.js')]);
    return planVideo({ llm: llmFromConfig, voice: pickVoice });
  },
});
