// The sandbox attack suite (sandbox-attacks.suite.ts) against render processes started with the job.
import { describeSandboxAttacks } from './sandbox-attacks.suite.js';

describeSandboxAttacks('cold');
