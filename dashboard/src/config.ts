import { z } from 'zod';

/** Where the dashboard finds Appwrite. Served as `/config.json` beside the built files. */
export const DashboardConfig = z.object({
  endpoint: z.string().min(1),
  projectId: z.string().min(1),
});
export type DashboardConfig = z.infer<typeof DashboardConfig>;

export type BuildEnv = { VITE_APPWRITE_ENDPOINT?: string | undefined; VITE_APPWRITE_PROJECT_ID?: string | undefined };

/**
 * The runtime file wins over build-time values, so one build can be pointed at another
 * project by editing a file next to it. A relative endpoint (`/v1`) is resolved against the
 * page, which keeps the API on the page's origin and the session cookie first-party.
 */
export function resolveConfig(runtime: unknown, env: BuildEnv, pageUrl: string): DashboardConfig {
  const fromFile = DashboardConfig.safeParse(runtime);
  const picked = fromFile.success
    ? fromFile
    : DashboardConfig.safeParse({ endpoint: env.VITE_APPWRITE_ENDPOINT, projectId: env.VITE_APPWRITE_PROJECT_ID });
  if (!picked.success) {
    throw new Error('No Appwrite endpoint configured: serve a config.json with { endpoint, projectId } beside the dashboard, or build with VITE_APPWRITE_ENDPOINT and VITE_APPWRITE_PROJECT_ID.');
  }
  const config = picked.data;
  const endpoint = new URL(config.endpoint, pageUrl).toString().replace(/\/+$/, '');
  if (!/^https?:\/\//.test(endpoint)) throw new Error(`The Appwrite endpoint must be an http(s) URL, got "${config.endpoint}".`);
  return { endpoint, projectId: config.projectId };
}

/** The only place the dashboard reads configuration. */
export async function loadConfig(): Promise<DashboardConfig> {
  let runtime: unknown = null;
  try {
    const response = await fetch(new URL('config.json', document.baseURI), { cache: 'no-store' });
    if (response.ok) runtime = await response.json();
  } catch {
    // No runtime file (a plain static host): the build-time values apply.
  }
  return resolveConfig(runtime, import.meta.env, location.href);
}
