import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The demo's settings; the only module of the demo that reads the environment. */
export type DemoConfig = {
  repoRoot: string;
  dataDir: string;
  artifact: string;
  firstPort: number;
  /** Stop after the video instead of serving until Ctrl-C (`--exit`, or any CI). */
  exitWhenDone: boolean;
  /** The environment the CLI sees: this one plus the demo's dashboard account. */
  cliEnv: NodeJS.ProcessEnv;
  account: { email: string; password: string };
};

// A local-only account so the person running the demo can open the same video in the
// dashboard; it exists only in this machine's .data/ folder.
const DEMO_ACCOUNT = { email: 'demo@explainer.local', password: 'explainer-demo' };

export function readDemoConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): DemoConfig {
  const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
  const port = Number(env.PORT ?? 4000);
  const dataDir = env.APPWRITE_DATA_DIR ?? join(repoRoot, '.data');
  return {
    repoRoot,
    dataDir,
    account: DEMO_ACCOUNT,
    cliEnv: { ...env, EXPLAINER_EMAIL: DEMO_ACCOUNT.email, EXPLAINER_PASSWORD: DEMO_ACCOUNT.password, EXPLAINER_STATE_DIR: join(dataDir, 'cli-state') },
    artifact: join(repoRoot, '.artifacts', 'demo.mp4'),
    firstPort: Number.isInteger(port) && port > 0 && port < 65536 ? port : 4000,
    exitWhenDone: argv.includes('--exit') || (env.CI !== undefined && env.CI !== '' && env.CI !== 'false'),
  };
}
