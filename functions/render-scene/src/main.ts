import { entry } from '../../../shared/src/appwrite/entry.js';
import { rendererFromConfig } from '../../../shared/src/pipeline/wiring.js';
import { renderScene } from './handler.js';

export default entry(renderScene({ renderer: rendererFromConfig }));
