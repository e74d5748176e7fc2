import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { checkCommand } from './check.js';
import { batchCommand, statsCommand, cancelCommand, createCommand, deleteCommand, downloadCommand, listCommand, rerunCommand, watchCommand, type Context } from './commands.js';
import { readCliConfig, UsageError, DEFAULT_ENDPOINT, DEFAULT_PROJECT } from './config.js';
import { describeFailure, ExitCode } from './failures.js';
import { terminal, type Output } from './watch.js';
import { DEFAULT_IN_FLIGHT } from '../../shared/src/limits/in-flight.js';

export const USAGE = `explainer — make animated explainer videos from a topic

Usage:
  explainer create <topic> [--description TEXT] [--quality preview|standard|high]
                   [--aspect 16:9|9:16|1:1] [--provider auto|gemini|openai-compatible|offline]
                   [--voice auto|none|piper|espeak|gemini|openai-compatible]
                   [--max-scenes N] [--priority low|normal|high] [--watch] [-o FILE]
  explainer watch <videoId> [-o FILE]
  explainer batch <FILE> [-o DIR] [--in-flight N]
                   a topic per line, or CSV/JSONL rows (topic, description, quality,
                   aspect_ratio, provider, max_scenes, priority); one batch id, one line per video;
                   -o saves each MP4 (+ captions) as it finishes; at most N (3) unfinished
                   at a time, within the per-user quota of videos in progress
  explainer list [--limit N]
  explainer stats [--json]          the project's videos per day, success rate, p50/p90 per
                   stage, render seconds, tokens and cost per provider/model, failures, storage
  explainer rerun <sceneId> [--same-code]
  explainer cancel <videoId>
  explainer delete <videoId>
  explainer download <videoId> [-o FILE]
  explainer check <FILE.py> [--scene NAME] [--aspect 16:9|9:16|1:1]
                  [--quality preview|standard|high] [--json]

Connection (flag, else environment, else the local stack's default):
  --endpoint URL   APPWRITE_ENDPOINT    ${DEFAULT_ENDPOINT}
  --project ID     APPWRITE_PROJECT_ID  ${DEFAULT_PROJECT}
  --key KEY        APPWRITE_API_KEY     the local stack's development key

watch is live through Appwrite Realtime, signed in as the CLI's own anonymous user (kept in
$XDG_STATE_HOME/explainer, or EXPLAINER_STATE_DIR); it polls only when Realtime is
unavailable, and says so. Set EXPLAINER_EMAIL and EXPLAINER_PASSWORD to use an email account
instead (created on first use), e.g. to open the CLI's videos in the dashboard as that user.
create -o / watch -o download the video when it completes; a narrated video's captions
are saved beside it (FILE with .vtt).

check runs the AST gate, the sandboxed render and the layout check on one Manim file here,
without Appwrite, and lists what is on screen wrongly (out of frame, overlapping text, too
small, low contrast) with the line that made it. Its exit codes: 0 rendered with no defects,
1 rendered with defects (out of frame, overlap), 2 refused by the gate or failed to render.

Exit codes: 0 ok · 1 unexpected error · 2 bad usage · 3 Appwrite refused (bad input,
unknown id) · 4 endpoint unreachable · 5 the watched video failed or was cancelled`;

const connection = {
  endpoint: { type: 'string' },
  project: { type: 'string' },
  key: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

const commandOptions = {
  create: {
    description: { type: 'string' }, quality: { type: 'string' }, aspect: { type: 'string' }, provider: { type: 'string' }, voice: { type: 'string' },
    'max-scenes': { type: 'string' }, priority: { type: 'string' }, watch: { type: 'boolean' }, output: { type: 'string', short: 'o' },
  },
  watch: { output: { type: 'string', short: 'o' } },
  batch: { output: { type: 'string', short: 'o' }, 'in-flight': { type: 'string' } },
  list: { limit: { type: 'string' } },
  stats: { json: { type: 'boolean' } },
  rerun: { 'same-code': { type: 'boolean' } },
  cancel: {},
  delete: {},
  download: { output: { type: 'string', short: 'o' } },
  check: { scene: { type: 'string' }, aspect: { type: 'string' }, quality: { type: 'string' }, json: { type: 'boolean' } },
} satisfies Record<string, ParseArgsConfig['options']>;
type CommandName = keyof typeof commandOptions;

const WholeNumber = (name: string, min: number, max: number) =>
  z.coerce.number({ error: `${name} must be a whole number` }).int({ error: `${name} must be a whole number` }).min(min, { error: `${name} must be at least ${min}` }).max(max, { error: `${name} must be at most ${max}` });

export type Io = { out: Output; err: (line: string) => void };

/** Runs one command line and returns the exit code; never throws. */
export async function main(
  argv: string[],
  io: Io = { out: terminal(), err: (l) => void process.stderr.write(`${l}\n`) },
  /** The environment, handed in by the launcher (bin.mjs) so that this module reads none. */
  env: NodeJS.ProcessEnv = {},
): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.err(USAGE);
    return name ? ExitCode.ok : ExitCode.usage;
  }
  if (!(name in commandOptions)) {
    io.err(`unknown command "${name}"\n\n${USAGE}`);
    return ExitCode.usage;
  }
  const command = name as CommandName;
  let endpoint = env.APPWRITE_ENDPOINT ?? DEFAULT_ENDPOINT;
  try {
    const { values, positionals } = parseArgs({ args: rest, options: { ...connection, ...commandOptions[command] }, allowPositionals: true, strict: true });
    if (values.help) {
      io.err(USAGE);
      return ExitCode.ok;
    }
    const v = values as Record<string, string | boolean | undefined>;
    const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
    if (command === 'check') {
      // Local only: no endpoint, project or key.
      if (positionals.length !== 1) throw new UsageError('check takes exactly one scene file, e.g. explainer check scene.py');
      const write = (line: string) => io.out.write(`${line}\n`);
      return await checkCommand({ file: positionals[0]!, scene: str('scene'), aspect: str('aspect'), quality: str('quality'), json: v.json === true }, { out: write, err: io.err }, env);
    }
    const config = readCliConfig({ endpoint: values.endpoint, project: values.project, key: values.key }, env);
    endpoint = config.endpoint;
    const ctx: Context = { config, out: io.out, err: io.err };
    const one = (what: string) => {
      if (positionals.length !== 1) throw new UsageError(`${command} takes exactly one ${what}`);
      return positionals[0] as string;
    };
    switch (command) {
      case 'create': {
        if (positionals.length === 0) throw new UsageError('create needs a topic, e.g. explainer create "How a binary search works"');
        const maxScenes = str('max-scenes');
        return await createCommand(ctx, {
          topic: positionals.join(' '),
          description: str('description'),
          quality: str('quality'),
          aspect_ratio: str('aspect'),
          provider: str('provider'),
          priority: str('priority'),
          voice: str('voice'),
          max_scenes: maxScenes === undefined ? undefined : parseWith(WholeNumber('--max-scenes', 1, 100), maxScenes),
        }, { watch: v.watch === true || str('output') !== undefined, output: str('output') });
      }
      case 'watch':
        return await watchCommand(ctx, one('video id'), { output: str('output') });
      case 'batch':
        return await batchCommand(ctx, one('file'), { output: str('output'), inFlight: parseWith(WholeNumber('--in-flight', 1, 100), str('in-flight') ?? String(DEFAULT_IN_FLIGHT)) });
      case 'stats':
        return await statsCommand(ctx, { json: v.json === true });
      case 'list':
        return await listCommand(ctx, parseWith(WholeNumber('--limit', 1, 100), str('limit') ?? '20'));
      case 'rerun':
        return await rerunCommand(ctx, one('scene id'), { sameCode: v['same-code'] === true });
      case 'cancel':
        return await cancelCommand(ctx, one('video id'));
      case 'delete':
        return await deleteCommand(ctx, one('video id'));
      case 'download':
        return await downloadCommand(ctx, one('video id'), str('output'));
    }
  } catch (err) {
    const usage = err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS');
    if (usage) {
      io.err(`${err.message}\n(see explainer --help)`);
      return ExitCode.usage;
    }
    const { message, exitCode } = describeFailure(err, endpoint, command === 'create' ? 'the video was not created' : undefined);
    io.err(`error: ${message}`);
    return exitCode;
  }
}

function parseWith<T>(schema: z.ZodType<T>, raw: string): T {
  const r = schema.safeParse(raw);
  if (!r.success) throw new UsageError(r.error.issues.map((i) => i.message).join('; '));
  return r.data;
}
