import { entry } from '../../../shared/src/appwrite/entry.js';
import { llmFromConfig, rewrite } from '../../../shared/src/pipeline/wiring.js';
import { codeScene } from './handler.js';

export default entry(codeScene({ llm: llmFromConfig, rewrite }));
