import { entry } from '../../../shared/src/appwrite/entry.js';

// No pre-filter: every scene change may move the video's progress.
export default entry({
  load: async () => {
    const [{ combineVideo }, { concat }] = await Promise.all([import('./handler.js'), import('../../../shared/src/pipeline/wiring.js')]);
    return combineVideo({ concat });
  },
});
