// The sandbox attack suite (sandbox-attacks.suite.ts) against render processes prepared ahead of the job.
import { describeSandboxAttacks } from './sandbox-attacks.suite.js';

describeSandboxAttacks('warm');
