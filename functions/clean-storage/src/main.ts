import { entry } from '../../../shared/src/appwrite/entry.js';

export default entry({
  load: async () => (await import('./handler.js')).cleanStorage(),
});
