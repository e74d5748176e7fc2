export {
  AspectRatio,
  RenderErrorClass,
  RenderJob,
  RenderQuality,
  SandboxLayer,
  type RenderBackend,
  type RenderFailure,
  type RenderResult,
  type RenderSuccess,
} from './contract.js';
export { RenderConfig, renderConfigFromEnv } from './config.js';
export { createRenderBackend } from './create-backend.js';
export { createLocalBackend } from './local-backend.js';
export { createWorkerBackend } from './worker-backend.js';
export { gateCode, describeGateErrors, GateResult, type GateError } from './gate.js';
export { probeSandbox, type SandboxProbe } from './sandbox.js';
