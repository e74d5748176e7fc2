import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The one place the runtime reads the stack's own environment: which variables of the
// pipeline's configuration reach function processes, and the defaults for the pool.

/** Prefixes of the pipeline's configuration variables forwarded to every function process. */
const FORWARDED_PREFIXES = ['GEMINI_', 'OPENAI_', 'LLM_', 'RENDER_', 'MANIM_', 'MAX_', 'STUDIO_', 'QUOTA_', 'LATEX_'];
/** What a process needs to start tools (manim, ffmpeg) and find a temp dir. */
const BASE_VARIABLES = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ'];

const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

export type RuntimeEnv = {
  /** variables every function process starts with (before Appwrite's and the function's own) */
  forwarded: Record<string, string>;
  defaultPoolSize: number;
};

export function readRuntimeEnv(source: NodeJS.ProcessEnv = process.env): RuntimeEnv {
  const forwarded: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined) continue;
    if (BASE_VARIABLES.includes(name) || FORWARDED_PREFIXES.some((p) => name.startsWith(p))) forwarded[name] = value;
  }
  forwarded.MANIM_VENV ??= resolve(REPO_ROOT, '.venv');
  // Scenes may use MathTex only where the renderer can run LaTeX: on this host, locally.
  forwarded.LATEX_AVAILABLE ??= String(['latex', 'dvisvgm'].every((tool) => onPath(tool, source.PATH)));
  return { forwarded, defaultPoolSize: Math.max(1, cpus().length) };
}

function onPath(tool: string, path = ''): boolean {
  return path.split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, tool)));
}
