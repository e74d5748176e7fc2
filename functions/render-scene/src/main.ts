import { entry } from '../../../shared/src/appwrite/entry.js';

export default entry({
  serves: (row) => row.status === 'coded',
  load: async () => {
    const [{ renderScene }, { rendererFromConfig }] = await Promise.all([import('./handler.js'), import('../../../shared/src/pipeline/wiring.js')]);
    return renderScene({ renderer: rendererFromConfig });
  },
});
