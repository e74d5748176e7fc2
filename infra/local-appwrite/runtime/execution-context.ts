import { runtimeParts, specification, type FunctionDef } from './function-defs.js';
import type { ExecutionRequest, Trigger } from './functions.js';

// What an execution's process sees besides its body: Appwrite's environment variables and
// request headers. Layering matters: the function's own variables override the forwarded
// stack environment, and Appwrite's variables override both, as on Appwrite.

export type EnvInput = {
  fn: FunctionDef;
  baseEnv: Record<string, string>;
  variables: Record<string, string>;
  endpoint: string;
  projectId: string;
  executionId: string;
  trigger: Trigger;
  deploymentId: string;
};

export function executionEnv(i: EnvInput): Record<string, string> {
  const { name, version } = runtimeParts(i.fn.runtime);
  const spec = specification(i.fn.specification);
  return {
    ...i.baseEnv,
    ...i.variables,
    APPWRITE_FUNCTION_API_ENDPOINT: i.endpoint,
    APPWRITE_FUNCTION_PROJECT_ID: i.projectId,
    APPWRITE_FUNCTION_ID: i.fn.$id,
    APPWRITE_FUNCTION_NAME: i.fn.name ?? i.fn.$id,
    APPWRITE_FUNCTION_DEPLOYMENT: i.deploymentId,
    APPWRITE_FUNCTION_TRIGGER: i.trigger,
    APPWRITE_FUNCTION_EXECUTION_ID: i.executionId,
    APPWRITE_FUNCTION_RUNTIME_NAME: name,
    APPWRITE_FUNCTION_RUNTIME_VERSION: version,
    APPWRITE_FUNCTION_CPUS: String(spec.cpus),
    APPWRITE_FUNCTION_MEMORY: String(spec.memory),
    APPWRITE_VERSION: '1.8.0',
    APPWRITE_REGION: 'default',
    APPWRITE_COMPUTE_CPUS: String(spec.cpus),
    APPWRITE_COMPUTE_MEMORY: String(spec.memory),
  };
}

export type HeaderInput = { endpoint: string; request: ExecutionRequest; key: string; executionId: string };

/** The request headers; the `x-appwrite-*` ones cannot be forged by the caller's headers. */
export function executionHeaders(i: HeaderInput): Record<string, string> {
  const own = Object.fromEntries(Object.entries(i.request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    host: new URL(i.endpoint).host,
    'user-agent': 'Appwrite/1.8.0',
    ...own,
    'x-appwrite-trigger': i.request.trigger,
    'x-appwrite-event': i.request.event ?? '',
    'x-appwrite-key': i.key,
    'x-appwrite-user-id': i.request.userId ?? '',
    'x-appwrite-user-jwt': '',
    'x-appwrite-execution-id': i.executionId,
    'x-appwrite-country-code': '',
    'x-appwrite-continent-code': '',
    'x-appwrite-continent-eu': 'false',
  };
}
