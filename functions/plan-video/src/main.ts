import { entry } from '../../../shared/src/appwrite/entry.js';
import { llmFromConfig } from '../../../shared/src/pipeline/wiring.js';
import { planVideo } from './handler.js';

export default entry(planVideo({ llm: llmFromConfig }));
