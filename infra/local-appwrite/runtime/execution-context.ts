import type { ExecutionRequest } from './executions.js';
import { runtimeParts, specification, type FunctionDef } from './function-defs.js';
import { deploymentOf, type FunctionRecord } from './function-registry.js';
import type { RuntimeStore } from './runtime-store.js';

// What an execution's process sees besides its body: Appwrite's environment variables and
// request headers. Layering matters: the function's own variables override the forwarded
// stack environment, and Appwrite's variables override both, as on Appwrite. On Appwrite's
// current runtimes (function version v5) the variables describe the deployment only; what is
// particular to one execution (trigger, event, user, execution id) arrives in headers —
// APPWRITE_FUNCTION_TRIGGER / _EVENT / _DATA were v2 variables and are not set.

export type EnvInput = {
  fn: FunctionDef;
  baseEnv: Record<string, string>;
  variables: Record<string, string>;
  endpoint: string;
  projectId: string;
  appwriteVersion: string;
  deploymentId: string;
  /** `manual` for a pushed deployment; empty for code read from appwrite.json's path */
  deploymentType: string;
};

const VCS_VARIABLES = [
  'APPWRITE_VCS_REPOSITORY_ID', 'APPWRITE_VCS_REPOSITORY_NAME', 'APPWRITE_VCS_REPOSITORY_OWNER', 'APPWRITE_VCS_REPOSITORY_URL',
  'APPWRITE_VCS_REPOSITORY_BRANCH', 'APPWRITE_VCS_REPOSITORY_BRANCH_URL', 'APPWRITE_VCS_COMMIT_HASH', 'APPWRITE_VCS_COMMIT_MESSAGE',
  'APPWRITE_VCS_COMMIT_URL', 'APPWRITE_VCS_COMMIT_AUTHOR_NAME', 'APPWRITE_VCS_COMMIT_AUTHOR_URL', 'APPWRITE_VCS_ROOT_DIRECTORY',
];

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
    APPWRITE_FUNCTION_RUNTIME_NAME: name,
    APPWRITE_FUNCTION_RUNTIME_VERSION: version,
    APPWRITE_FUNCTION_CPUS: String(spec.cpus),
    APPWRITE_FUNCTION_MEMORY: String(spec.memory),
    APPWRITE_VERSION: i.appwriteVersion,
    APPWRITE_REGION: 'default',
    APPWRITE_DEPLOYMENT_TYPE: i.deploymentType,
    ...Object.fromEntries(VCS_VARIABLES.map((name) => [name, ''])),
  };
}

/** The environment of one function's executions: its stored variables over the stack's. */
export function functionEnv(
  o: { store: RuntimeStore; baseEnv: Record<string, string>; endpoint: string; projectId: string; appwriteVersion: string },
  fn: FunctionRecord,
): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const v of o.store.listVariables(fn.$id)) variables[String(v.key)] = String(v.value ?? '');
  const deploymentId = deploymentOf(fn);
  return executionEnv({
    fn,
    baseEnv: o.baseEnv,
    variables,
    endpoint: o.endpoint,
    projectId: o.projectId,
    appwriteVersion: o.appwriteVersion,
    deploymentId,
    deploymentType: deploymentId === 'local' ? '' : 'manual',
  });
}

export type HeaderInput = { endpoint: string; appwriteVersion: string; request: ExecutionRequest; key: string; executionId: string };

/** The request headers; the `x-appwrite-*` ones cannot be forged by the caller's headers. */
export function executionHeaders(i: HeaderInput): Record<string, string> {
  const own = Object.fromEntries(Object.entries(i.request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    host: new URL(i.endpoint).host,
    'user-agent': `Appwrite/${i.appwriteVersion}`,
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
