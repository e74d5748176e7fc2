#!/usr/bin/env node
// The `explainer` command. The CLI is TypeScript; tsx's loader compiles it on the fly so the
// package needs no build step (tsx is a runtime dependency of the root package).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2), undefined, process.env);
