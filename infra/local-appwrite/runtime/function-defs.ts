import { z } from 'zod';

// A function as appwrite.json (and the functions API) describes it. Only what the runtime
// uses is checked; the rest passes through so GET answers echo what was pushed.
export const FunctionDef = z
  .object({
    $id: z.string().min(1).max(36),
    name: z.string().optional(),
    runtime: z.string().default('node-22'),
    execute: z.array(z.string()).default([]),
    events: z.array(z.string()).default([]),
    schedule: z.string().default(''),
    timeout: z.number().int().min(1).max(900).default(15),
    enabled: z.boolean().default(true),
    logging: z.boolean().default(true),
    entrypoint: z.string().default(''),
    commands: z.string().default(''),
    scopes: z.array(z.string()).default([]),
    specification: z.string().default('s-1vcpu-512mb'),
    path: z.string().optional(),
  })
  .loose();
export type FunctionDef = z.infer<typeof FunctionDef>;

/** `s-<cpus>vcpu-<mb>mb` → the numbers Appwrite puts in APPWRITE_FUNCTION_CPUS / _MEMORY. */
export function specification(spec: string): { cpus: number; memory: number } {
  const match = /^s-(\d+(?:\.\d+)?)vcpu-(\d+)(mb|gb)$/.exec(spec);
  if (!match) return { cpus: 1, memory: 512 };
  const memory = Number(match[2]) * (match[3] === 'gb' ? 1024 : 1);
  return { cpus: Number(match[1]), memory };
}

/** `node-20.0` → name `node`, version `20.0`. */
export function runtimeParts(runtime: string): { name: string; version: string } {
  const dash = runtime.lastIndexOf('-');
  return dash < 0 ? { name: runtime, version: '' } : { name: runtime.slice(0, dash), version: runtime.slice(dash + 1) };
}
