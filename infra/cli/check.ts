import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { AspectRatio, Quality } from '../../shared/src/domain/options.js';
import { renderConfigFromEnv } from '../../shared/src/render/config.js';
import { createLocalBackend } from '../../shared/src/render/local-backend.js';
import { defectCount, LAYOUT_DEFECTS, type LayoutFinding } from '../../shared/src/domain/layout-findings.js';
import { UsageError } from './config.js';

/** `explainer check`: 0 rendered without defects, 1 rendered with defects, 2 refused or failed. */
export const CheckExit = { clean: 0, defects: 1, refused: 2 } as const;

export type CheckOptions = { file: string; scene?: string; aspect?: string; quality?: string; json: boolean };

/**
 * The gate, the sandboxed render and the layout check on one scene file, the same three the
 * pipeline runs on LLM code, answered with what the check found. Needs no Appwrite.
 */
export async function checkCommand(opts: CheckOptions, io: { out: (line: string) => void; err: (line: string) => void }, env: NodeJS.ProcessEnv): Promise<number> {
  const aspect = AspectRatio.safeParse(opts.aspect ?? '16:9');
  if (!aspect.success) throw new UsageError(`--aspect must be one of ${AspectRatio.options.join(', ')}`);
  const quality = Quality.safeParse(opts.quality ?? 'preview');
  if (!quality.success) throw new UsageError(`--quality must be one of ${Quality.options.join(', ')}`);
  let code: string;
  try {
    code = await readFile(opts.file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${opts.file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const className = opts.scene ?? onlySceneClass(code, opts.file);

  const backend = createLocalBackend(renderConfigFromEnv(env, { warm: 0 }));
  let result;
  try {
    result = await backend.render({ code, className, quality: quality.data, aspectRatio: aspect.data });
  } finally {
    await backend.close();
  }
  const what = `${basename(opts.file)} · ${className} · ${quality.data} ${aspect.data}`;
  if (!result.ok) {
    if (opts.json) io.out(JSON.stringify({ file: opts.file, scene: className, rendered: false, errorClass: result.errorClass, message: result.message, traceback: result.traceback }));
    else io.err(`${what}: not rendered (${result.errorClass})\n${result.traceback || result.message}`);
    return CheckExit.refused;
  }
  const { findings } = result.layout;
  const defects = defectCount(findings);
  if (opts.json) {
    io.out(JSON.stringify({ file: opts.file, scene: className, rendered: true, quality: quality.data, aspect: aspect.data, defects, findings }));
  } else {
    io.out(`${what} · rendered ${result.durationSeconds.toFixed(1)} s of video in ${result.renderSeconds.toFixed(1)} s`);
    for (const f of findings) io.out(formatFinding(f));
    const others = findings.length - defects;
    io.out(findings.length === 0 ? 'layout: clean' : `layout: ${defects} defect${defects === 1 ? '' : 's'} (${LAYOUT_DEFECTS.join(', ')}), ${others} other finding${others === 1 ? '' : 's'}`);
  }
  return defects > 0 ? CheckExit.defects : CheckExit.clean;
}

function formatFinding(f: LayoutFinding): string {
  const where = f.line > 0 ? `line ${f.line}` : 'line ?';
  const mark = (LAYOUT_DEFECTS as readonly string[]).includes(f.kind) ? 'defect' : 'note';
  return `  ${where.padEnd(9)} ${f.kind.padEnd(13)} ${mark.padEnd(6)} t=${f.t.toFixed(1)}s  ${f.message}`;
}

/** The scene to render when --scene is not given: the file's one Scene subclass. */
function onlySceneClass(code: string, file: string): string {
  const names = [...code.matchAll(/^class\s+([A-Za-z_]\w*)\s*\(\s*[\w.]*Scene\s*\)\s*:/gm)].map((m) => m[1]!);
  if (names.length === 1) return names[0]!;
  if (names.length === 0) throw new UsageError(`no Scene subclass found in ${file}; name one with --scene`);
  throw new UsageError(`${file} has several scenes (${names.join(', ')}); name one with --scene (the gate renders one scene per file, as the pipeline does)`);
}
