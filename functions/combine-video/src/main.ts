import { entry } from '../../../shared/src/appwrite/entry.js';
import { concat } from '../../../shared/src/pipeline/wiring.js';
import { combineVideo } from './handler.js';

export default entry(combineVideo({ concat }));
