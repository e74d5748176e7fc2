import { z } from 'zod';

/**
 * What a deploy needs, from the environment only (the one module of the deploy that reads it).
 * Function variables are every variable whose name the functions read (see FUNCTION_VARIABLE),
 * so a key set in the shell reaches the functions without being written to any file.
 */
export const DeployConfig = z.object({
  endpoint: z.url({ protocol: /^https?$/, error: 'APPWRITE_ENDPOINT must be an http(s) URL ending in /v1' }).transform((s) => s.replace(/\/+$/, '')),
  projectId: z.string().min(1, { error: 'APPWRITE_PROJECT_ID is required' }),
  apiKey: z.string().min(1, { error: 'APPWRITE_API_KEY is required (a key with databases, tables, buckets, functions and execution scopes)' }),
  variables: z.record(z.string(), z.string()),
});
export type DeployConfig = z.infer<typeof DeployConfig>;

/** Names the functions and their LLM/render settings read; anything else in the shell stays out. */
export const FUNCTION_VARIABLE = /^(GEMINI_|OPENAI_|LLM_|RENDER_|STUDIO_|QUOTA_|MAX_ATTEMPTS$|LAYOUT_REPAIR_ATTEMPTS$|MANIM_|LATEX_)/;

export class DeployConfigError extends Error {
  override name = 'DeployConfigError';
}

export function readDeployConfig(env: NodeJS.ProcessEnv = process.env): DeployConfig {
  const variables: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value !== '' && FUNCTION_VARIABLE.test(name)) variables[name] = value;
  }
  const parsed = DeployConfig.safeParse({
    endpoint: env.APPWRITE_ENDPOINT,
    projectId: env.APPWRITE_PROJECT_ID,
    apiKey: env.APPWRITE_API_KEY,
    variables,
  });
  if (!parsed.success) {
    throw new DeployConfigError(parsed.error.issues.map((i) => (i.code === 'invalid_type' ? `${envName(i.path[0])} is required` : i.message)).join('; '));
  }
  requireRenderWorker(parsed.data);
  return parsed.data;
}

/**
 * On Appwrite the default `local` render backend cannot work: the Node runtime has no Python,
 * Manim or ffmpeg, so every render would fail its three attempts. A deploy anywhere but this
 * machine (the local stack runs functions here, beside the venv) needs the render worker.
 */
function requireRenderWorker(config: DeployConfig): void {
  if (isLoopback(new URL(config.endpoint).hostname)) return;
  const v = config.variables;
  const backend = v.RENDER_BACKEND ?? (v.RENDER_WORKER_URL ? 'worker' : 'local');
  if (backend === 'worker' && v.RENDER_WORKER_URL) return;
  throw new DeployConfigError(
    `refusing to deploy to ${new URL(config.endpoint).host} without a render worker: Appwrite's Node runtime has no Python, Manim or ffmpeg, ` +
      `so the ${backend} backend would fail every render. Set RENDER_BACKEND=worker, RENDER_WORKER_URL and RENDER_WORKER_TOKEN (see infra/render-worker/README.md).`,
  );
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

function envName(key: PropertyKey | undefined): string {
  return ({ endpoint: 'APPWRITE_ENDPOINT', projectId: 'APPWRITE_PROJECT_ID', apiKey: 'APPWRITE_API_KEY' } as Record<string, string>)[String(key)] ?? String(key);
}
