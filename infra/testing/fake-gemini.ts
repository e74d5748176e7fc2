import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { AspectRatio, Quality } from '../../shared/src/domain/options.js';
import { ScenePlan, sceneLimits } from '../../shared/src/domain/plan.js';
import { renderPreset } from '../../shared/src/domain/presets.js';
import { writeScene } from '../../shared/src/llm/offline/manim-writer.js';
import { offlinePlan } from '../../shared/src/llm/offline/storyboard.js';

/**
 * A local stand-in for the Gemini REST API, speaking the wire protocol `@google/genai`
 * uses with `httpOptions.baseUrl`: `POST /v1beta/models/<model>:generateContent` (and
 * `:streamGenerateContent?alt=sse`). By default it answers like a good model: a valid
 * plan for plan requests, working Manim for code requests (from the offline writer).
 *
 * Faults are chosen by marker words in the topic, so a test that only creates a video
 * row (and never talks to this object) can still pick one:
 *   [fail-first-render] / [fail-first-render:N]   first code for scene 1 / N raises at render (IndexError)
 *   [always-fail-render] / [always-fail-render:N] every code for that scene raises at render
 *   [truncated-code]  first code for scene 1 is cut off mid-file, finish reason MAX_TOKENS (SyntaxError)
 *   [gl-code]         first code for scene 1 uses ManimGL names (ShowCreation, set_width)
 *   [empty-code]      first code answer for scene 1 is empty
 *   [429xN] [500xN] [503xN]  the first N attempts of every call answer that status
 *   [hang] / [hang-plan]  the first attempt of every call / of the plan never answers
 *   [empty-plan] [prose-plan] [prose-only-plan] [invalid-plan] [invalid-plan-always]
 * Speech generation (`responseModalities: ['AUDIO']`) answers base64 s16le mono 24 kHz PCM as
 * inlineData, a voiced tone whose length follows the text (≈ 0.065 s per character); a
 * sentence holding [speech-503xN] is refused the first N times.
 * Tests that hold the object can also `script()` answers for prompts matching a pattern.
 */

export type RequestKind = 'plan' | 'code' | 'speech' | 'other';

export interface Recorded {
  at: number;
  model: string;
  method: 'generateContent' | 'streamGenerateContent';
  kind: RequestKind;
  topic: string | undefined;
  sceneNumber: number | undefined;
  /** System instruction and every user part, joined. */
  prompt: string;
  body: unknown;
  /** Request headers without the API key. */
  headers: Record<string, string>;
  hadApiKey: boolean;
  status: number;
}

export type FakeAnswer =
  | { text: string; finishReason?: string }
  | { audio: Uint8Array; mimeType: string }
  | { status: number; message?: string; retryAfter?: string }
  | { hang: true };

export interface ScriptRule {
  /** Tested against the whole prompt text. */
  match: string | RegExp;
  kind?: RequestKind;
  /** How many requests this rule answers; default 1. */
  times?: number;
  answer: FakeAnswer | ((req: Recorded) => FakeAnswer);
}

export interface FakeGemini {
  /** Base URL for `httpOptions.baseUrl` / GEMINI_BASE_URL. */
  url: string;
  requests: Recorded[];
  script(...rules: ScriptRule[]): void;
  /** Forgets scripted rules, recorded requests and fault counters. */
  reset(): void;
  close(): Promise<void>;
}

/** Key that the fake refuses with 403, to exercise auth errors. */
export const INVALID_KEY = 'invalid-key';

export async function startFakeGemini(opts: { port?: number; host?: string } = {}): Promise<FakeGemini> {
  const requests: Recorded[] = [];
  let rules: (ScriptRule & { left: number })[] = [];
  const counters = new Map<string, number>();
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendError(res, 500, `fake-gemini crashed: ${e instanceof Error ? e.message : String(e)}`);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const m = /^\/(v1beta|v1|v1alpha)\/models\/([^/:]+):(generateContent|streamGenerateContent)$/.exec(url.pathname);
    if (req.method !== 'POST' || !m) return sendError(res, 404, `no route for ${req.method} ${url.pathname}`);
    const raw = await readBody(req);
    let body: GenerateBody;
    try {
      body = JSON.parse(raw) as GenerateBody;
    } catch {
      return sendError(res, 400, 'Invalid JSON payload received.');
    }
    const apiKey = header(req, 'x-goog-api-key') ?? url.searchParams.get('key') ?? undefined;
    const prompt = promptText(body);
    const kind = kindOf(body, prompt);
    const rec: Recorded = {
      at: Date.now(),
      model: m[2]!,
      method: m[3] as Recorded['method'],
      kind,
      topic: /^Topic: (.*)$/m.exec(prompt)?.[1],
      sceneNumber: kind === 'code' ? Number(/scene (\d+) of \d+/.exec(prompt)?.[1]) : undefined,
      prompt,
      body,
      headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'x-goog-api-key').map(([k, v]) => [k, String(v)])),
      hadApiKey: Boolean(apiKey),
      status: 200,
    };
    requests.push(rec);

    if (!apiKey) return reply(rec, res, { status: 403, message: 'Method doesn\'t allow unregistered callers. Please use API Key.' });
    if (apiKey === INVALID_KEY) return reply(rec, res, { status: 400, message: 'API key not valid. Please pass a valid API key.' });

    const schema = body.generationConfig?.responseJsonSchema;
    if (schema && typeof schema === 'object' && '$schema' in schema) {
      return reply(rec, res, { status: 400, message: 'Invalid JSON payload received. Unknown name "$schema" at \'generation_config.response_json_schema\': Cannot find field.' });
    }

    const scripted = rules.find((r) => r.left > 0 && (!r.kind || r.kind === kind) && (typeof r.match === 'string' ? prompt.includes(r.match) : r.match.test(prompt)));
    if (scripted) {
      scripted.left--;
      return reply(rec, res, typeof scripted.answer === 'function' ? scripted.answer(rec) : scripted.answer);
    }
    return reply(rec, res, defaultAnswer(rec));
  }

  /** Counts calls per (topic, kind, scene, attempt-or-repair), so "first N" faults apply to each call. */
  function bump(key: string): number {
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    return n;
  }

  function defaultAnswer(rec: Recorded): FakeAnswer {
    const topic = rec.topic ?? '';
    const isRepair = /PREVIOUS (ANSWER WAS REJECTED|ATTEMPT FAILED|ATTEMPT RENDERED)/.test(rec.prompt);
    const callKey = `${topic}|${rec.kind}|${rec.sceneNumber ?? 0}|${isRepair ? 'repair' : 'first'}|${rec.prompt.length}`;
    const nth = bump(callKey);
    const statusFault = /\[(429|500|503)x(\d+)\]/.exec(topic);
    if (statusFault && nth <= Number(statusFault[2])) {
      const status = Number(statusFault[1]);
      return { status, message: status === 429 ? 'Resource has been exhausted (e.g. check quota).' : 'The model is overloaded. Please try again later.', retryAfter: status === 429 ? '0' : undefined };
    }
    if (nth === 1 && (topic.includes('[hang]') || (rec.kind === 'plan' && topic.includes('[hang-plan]')))) return { hang: true };
    if (rec.kind === 'speech') return speechAnswer(rec, bump(`speech|${rec.prompt}`));
    if (rec.kind === 'plan') return planAnswer(rec.prompt, topic, isRepair);
    if (rec.kind === 'code') return codeAnswer(rec.prompt, topic, rec.sceneNumber ?? 1, isRepair);
    return { text: 'OK' };
  }

  function reply(rec: Recorded, res: ServerResponse, answer: FakeAnswer) {
    if ('hang' in answer) {
      rec.status = 0;
      return; // never answer; the client's timeout (or close()) ends it
    }
    if ('status' in answer) {
      rec.status = answer.status;
      return sendError(res, answer.status, answer.message ?? 'scripted failure', answer.retryAfter);
    }
    const part = 'audio' in answer ? { inlineData: { mimeType: answer.mimeType, data: Buffer.from(answer.audio).toString('base64') } } : { text: answer.text };
    const outTokens = 'audio' in answer ? Math.ceil(answer.audio.length / 1000) : Math.ceil(answer.text.length / 4);
    const payload = {
      candidates: [{ content: { parts: [part], role: 'model' }, finishReason: 'finishReason' in answer ? (answer.finishReason ?? 'STOP') : 'STOP', index: 0 }],
      usageMetadata: {
        promptTokenCount: Math.ceil(rec.prompt.length / 4),
        candidatesTokenCount: outTokens,
        totalTokenCount: Math.ceil(rec.prompt.length / 4) + outTokens,
      },
      modelVersion: rec.model,
      responseId: `fake-${requests.length}`,
    };
    if (rec.method === 'streamGenerateContent') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`data: ${JSON.stringify(payload)}\r\n\r\n`);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
    res.end(JSON.stringify(payload));
  }

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    requests,
    script(...newRules) {
      rules.push(...newRules.map((r) => ({ ...r, left: r.times ?? 1 })));
    },
    reset() {
      rules = [];
      requests.length = 0;
      counters.clear();
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface GenerateBody {
  contents?: { role?: string; parts?: { text?: string }[] }[];
  systemInstruction?: { parts?: { text?: string }[] } | string;
  generationConfig?: { responseMimeType?: string; responseJsonSchema?: unknown; responseSchema?: unknown; responseModalities?: string[]; speechConfig?: { voiceConfig?: { prebuiltVoiceConfig?: { voiceName?: string } } } };
}

function promptText(body: GenerateBody): string {
  const sys = typeof body.systemInstruction === 'string' ? body.systemInstruction : (body.systemInstruction?.parts ?? []).map((p) => p.text ?? '').join('\n');
  const user = (body.contents ?? []).flatMap((c) => (c.parts ?? []).map((p) => p.text ?? '')).join('\n');
  return `${sys}\n${user}`;
}

function kindOf(body: GenerateBody, prompt: string): RequestKind {
  if (body.generationConfig?.responseModalities?.includes('AUDIO')) return 'speech';
  if (prompt.includes('TASK: write the Manim code')) return 'code';
  if (body.generationConfig?.responseMimeType === 'application/json' || prompt.includes('TASK: plan')) return 'plan';
  return 'other';
}

function planAnswer(prompt: string, topic: string, isRepair: boolean): FakeAnswer {
  const description = /<<<DESCRIPTION\n([\s\S]*?)\nDESCRIPTION>>>/.exec(prompt)?.[1] ?? '';
  const range = /Make between (\d+) and (\d+) scenes/.exec(prompt);
  const limits = range ? { min: Number(range[1]), max: Number(range[2]) } : sceneLimits();
  const plan = offlinePlan({ topic, description: description === '(none)' ? '' : description, limits });
  const json = JSON.stringify(plan);
  if (topic.includes('[invalid-plan-always]')) return { text: JSON.stringify({ title: plan.title, scenes: [{ title: 'x', duration_seconds: 99 }] }) };
  if (!isRepair) {
    if (topic.includes('[empty-plan]')) return { text: '' };
    if (topic.includes('[prose-only-plan]')) return { text: 'I would be happy to help! A good video would start with an introduction and then explain the main ideas.' };
    if (topic.includes('[prose-plan]')) return { text: `Sure! Here is the plan you asked for:\n\n\`\`\`json\n${json}\n\`\`\`\n\nLet me know if you want changes.` };
    if (topic.includes('[invalid-plan]')) return { text: JSON.stringify({ title: plan.title, scenes: plan.scenes.map((s) => ({ ...s, duration_seconds: 99, visuals: [] })) }) };
  }
  return { text: json };
}

const SPEECH_RATE = 24_000;

/** Gemini's speech answer: raw 16-bit mono PCM at 24 kHz, here a voiced tone as long as the text would take to say. */
function speechAnswer(rec: Recorded, nth: number): FakeAnswer {
  const refused = /\[speech-(429|500|503)x(\d+)\]/.exec(rec.prompt);
  if (refused && nth <= Number(refused[2])) return { status: Number(refused[1]), message: 'The model is overloaded. Please try again later.', retryAfter: refused[1] === '429' ? '0' : undefined };
  const voice = (rec.body as GenerateBody).generationConfig?.speechConfig?.voiceConfig?.prebuiltVoiceConfig?.voiceName;
  if (!voice) return { status: 400, message: 'speechConfig.voiceConfig.prebuiltVoiceConfig.voiceName is required for audio output' };
  const samples = Math.round(Math.max(0.4, rec.prompt.trim().length * 0.065) * SPEECH_RATE);
  const pcm = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) {
    const t = i / SPEECH_RATE;
    // A 180 Hz voice whose loudness rises and falls like syllables.
    const envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * t);
    pcm.writeInt16LE(Math.round(9000 * envelope * Math.sin(2 * Math.PI * 180 * t)), i * 2);
  }
  return { audio: pcm, mimeType: `audio/L16;codec=pcm;rate=${SPEECH_RATE}` };
}

/** The sentences and seconds a narrated code prompt lists, as the code writer takes them. */
function speechOf(prompt: string): { sentences: { text: string; duration: number }[] } | undefined {
  const block = /<<<NARRATION\n([\s\S]*?)\nNARRATION>>>/.exec(prompt)?.[1];
  if (!block) return undefined;
  const sentences = block.split('\n').map((line) => /^\d+\. \(([\d.]+) s\) (".*")$/.exec(line)).filter((m): m is RegExpExecArray => m !== null).map((m) => ({ text: JSON.parse(m[2]!) as string, duration: Number(m[1]) }));
  return sentences.length > 0 ? { sentences } : undefined;
}

function codeAnswer(prompt: string, topic: string, sceneNumber: number, isRepair: boolean): FakeAnswer {
  const scene = ScenePlan.parse(JSON.parse(/<<<SCENE\n([\s\S]*?)\nSCENE>>>/.exec(prompt)?.[1] ?? '{}'));
  const className = /^Class name: (\w+)$/m.exec(prompt)?.[1] ?? 'GeneratedScene';
  const count = Number(/scene \d+ of (\d+)/.exec(prompt)?.[1] ?? sceneNumber);
  const [quality, aspectRatio] = presetFromPixels(prompt);
  const latexAvailable = prompt.includes('LaTeX is installed');
  const speech = speechOf(prompt);
  const good = writeScene({ topic, scene, sceneNumber, sceneCount: count, className, quality, aspectRatio, latexAvailable, ...(speech ? { speech } : {}) });
  const fenced = (code: string) => ({ text: `Here is the scene:\n\n\`\`\`python\n${code}\`\`\`\n` });
  const targets = (marker: string) => {
    const m = new RegExp(`\\[${marker}(?::(\\d+))?\\]`).exec(topic);
    return m !== null && Number(m[1] ?? 1) === sceneNumber;
  };
  if (targets('always-fail-render')) return fenced(failingAtRender(good));
  if (!isRepair) {
    if (targets('fail-first-render')) return fenced(failingAtRender(good));
    if (targets('overlap-first-code')) return fenced(overlappingLabels(good));
    if (targets('truncated-code')) return { text: `\`\`\`python\n${truncated(good)}`, finishReason: 'MAX_TOKENS' };
    if (targets('gl-code')) return fenced(good.replace('self.play(Write(title)', 'self.play(ShowCreation(title)').replace('self.fit(title, 0.95, 0.2)', 'title.set_width(min(title.width, config.frame_width - 1))'));
    if (targets('empty-code')) return { text: '' };
  }
  return fenced(good);
}

/** An answer cut off mid-call, as when a model hits its output limit: always a SyntaxError. */
function truncated(code: string): string {
  const open = code.indexOf('(', Math.floor(code.length * 0.5));
  return code.slice(0, open === -1 ? Math.floor(code.length * 0.6) : open + 1);
}

/** Code the AST gate accepts (plain names, allowed import) that fails when Manim runs it. */
function failingAtRender(code: string): string {
  // An error no static check sees (the gate names undefined names before any render).
  return code.replace('    def construct(self):\n', '    def construct(self):\n        self.add(VGroup(Dot())[3])\n');
}

/** Code that renders, with two labels on top of each other for a moment: a layout defect. */
function overlappingLabels(code: string): string {
  return code.replace('    def construct(self):\n', [
    '    def construct(self):',
    '        planted = VGroup(Text("Label A", font_size=36), Text("Label B", font_size=36).shift(RIGHT * 0.3 + DOWN * 0.1))',
    '        self.play(FadeIn(planted), run_time=0.3)',
    '        self.play(FadeOut(planted), run_time=0.3)',
    '',
  ].join('\n'));
}

function presetFromPixels(prompt: string): [Quality, AspectRatio] {
  const px = /(\d+)x(\d+) pixels/.exec(prompt);
  if (px) {
    for (const q of Quality.options) {
      for (const a of AspectRatio.options) {
        const p = renderPreset(q, a);
        if (p.width === Number(px[1]) && p.height === Number(px[2])) return [q, a];
      }
    }
  }
  return ['preview', '16:9'];
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendError(res: ServerResponse, status: number, message: string, retryAfter?: string) {
  const statusText: Record<number, string> = { 400: 'INVALID_ARGUMENT', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE' };
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...(retryAfter !== undefined ? { 'retry-after': retryAfter } : {}) });
  res.end(JSON.stringify({ error: { code: status, message, status: statusText[status] ?? 'UNKNOWN' } }));
}
