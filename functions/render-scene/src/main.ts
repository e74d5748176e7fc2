import { entry } from '../../../shared/src/appwrite/entry.js';
import { isServed } from '../../../shared/src/pipeline/served-status.js';

export default entry({
  serves: isServed('render-scene'),
  load: async () => {
    const [{ renderScene }, { rendererFromConfig }] = await Promise.all([import('./handler.js'), import('../../../shared/src/pipeline/wiring.js')]);
    return renderScene({ renderer: rendererFromConfig });
  },
});
