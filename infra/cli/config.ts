import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { DEV_API_KEY } from '../local-appwrite/core/keys.js';

/**
 * Where the CLI talks to and where it keeps its state. The only module of the CLI that reads
 * `process.env`; a flag wins over the environment, the environment over the local stack's
 * defaults (`npm start` serves project `local` on port 4000 with the development key).
 */
export const CliConfig = z.object({
  endpoint: z.url({ protocol: /^https?$/, error: 'the endpoint must be an http(s) URL, e.g. http://127.0.0.1:4000/v1' }).transform((s) => s.replace(/\/+$/, '')),
  projectId: z.string().min(1, { error: 'the project id must not be empty' }),
  apiKey: z.string().min(1, { error: 'the API key must not be empty' }),
  /** Holds the CLI user's session per endpoint and project (Realtime needs a user, not a key). */
  stateDir: z.string().min(1),
  databaseId: z.string().min(1),
  color: z.boolean(),
  /**
   * Sign the CLI's user in with email and password instead of anonymously (created on first
   * use), so the same person can open the CLI's videos in the dashboard.
   */
  account: z.object({ email: z.email({ error: 'EXPLAINER_EMAIL must be an email address' }), password: z.string().min(8, { error: 'EXPLAINER_PASSWORD must have at least 8 characters' }) }).nullable(),
});
export type CliConfig = z.infer<typeof CliConfig>;

export type ConnectionFlags = { endpoint?: string | undefined; project?: string | undefined; key?: string | undefined };

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:4000/v1';
export const DEFAULT_PROJECT = 'local';

export function readCliConfig(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): CliConfig {
  const parsed = CliConfig.safeParse({
    endpoint: flags.endpoint ?? env.APPWRITE_ENDPOINT ?? DEFAULT_ENDPOINT,
    projectId: flags.project ?? env.APPWRITE_PROJECT_ID ?? DEFAULT_PROJECT,
    apiKey: flags.key ?? env.APPWRITE_API_KEY ?? DEV_API_KEY,
    stateDir: env.EXPLAINER_STATE_DIR ?? join(env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'explainer'),
    databaseId: env.STUDIO_DATABASE_ID ?? 'studio',
    // https://no-color.org; colour only on a terminal.
    account: env.EXPLAINER_EMAIL ? { email: env.EXPLAINER_EMAIL, password: env.EXPLAINER_PASSWORD ?? '' } : null,
    color: env.NO_COLOR === undefined && env.FORCE_COLOR !== '0' && (env.FORCE_COLOR !== undefined || process.stdout.isTTY === true),
  });
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join('; '));
  return parsed.data;
}

/** A mistake in how the command was called: exit code 2, with the usage hint. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
