import { entry } from '../../../shared/src/appwrite/entry.js';
import { sweepStuck } from './handler.js';

export default entry(sweepStuck());
