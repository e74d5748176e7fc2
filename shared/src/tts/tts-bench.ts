// Narration figures for `npm run bench`: how fast each offline voice speaks (seconds of work
// per second of speech), and narration's share of one scene's critical path (speak + code +
// render) with the offline writer. Ratios from one run on this machine; never a test.
import { sceneLimits } from '../domain/plan.js';
import { writeScene } from '../llm/offline/manim-writer.js';
import { offlinePlan } from '../llm/offline/storyboard.js';
import { renderConfigFromEnv } from '../render/config.js';
import { createLocalBackend } from '../render/local-backend.js';
import { ttsConfigFromEnv } from './config.js';
import { piperInstalled } from './piper.js';
import { speakNarration } from './speak-narration.js';
import { createVoice } from './voice.js';

const NARRATION = 'Newton noticed that a moving object keeps moving. A force is what changes that motion. The bigger the mass, the more force it takes. And every push comes with an equal push back.';

export async function benchNarration(runs = 3): Promise<Record<string, number | string>> {
  const tts = ttsConfigFromEnv(process.env);
  const figures: Record<string, number | string> = {};
  for (const name of ['espeak', 'piper'] as const) {
    if (name === 'piper' && !piperInstalled(tts)) {
      figures['piper'] = 'not installed';
      continue;
    }
    const engine = createVoice(name, tts)!;
    let work = 0;
    let speech = 0;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const spoken = await speakNarration(NARRATION, engine);
      work += (performance.now() - t) / 1000;
      speech += spoken!.speech.seconds;
    }
    figures[`${name}: seconds of speech per scene`] = speech / runs;
    figures[`${name}: TTS seconds per second of speech`] = work / speech;
  }

  // One scene end to end with the offline writer: speak (piper if installed), write, render
  // narrated; and the same scene silent. Narration's share is the speaking plus what laying the
  // audio adds to the render, over the narrated scene's whole critical path.
  const voice = createVoice(piperInstalled(tts) ? 'piper' : 'espeak', tts)!;
  const scene = offlinePlan({ topic: 'Newton\'s laws', description: NARRATION, limits: sceneLimits(3) }).scenes[1]!;
  const backend = createLocalBackend(renderConfigFromEnv(process.env));
  try {
    const base = { topic: 'Newton\'s laws', scene, sceneNumber: 2, sceneCount: 3, className: 'Bench', quality: 'preview' as const, aspectRatio: '16:9' as const, latexAvailable: false };
    let t = performance.now();
    const spoken = (await speakNarration(scene.narration, voice))!;
    const speakSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    const code = writeScene({ ...base, speech: { sentences: spoken.speech.sentences } });
    const writeSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    const narrated = await backend.render({ code, className: 'Bench', quality: 'preview', aspectRatio: '16:9', narration: { audioBase64: Buffer.from(spoken.wav).toString('base64'), sentences: spoken.speech.sentences } });
    const narratedSeconds = (performance.now() - t) / 1000;
    if (!narrated.ok) throw new Error(`narrated render failed: ${narrated.message}`);
    t = performance.now();
    const silent = await backend.render({ code: writeScene({ ...base, scene: { ...scene, duration_seconds: narrated.durationSeconds } }), className: 'Bench', quality: 'preview', aspectRatio: '16:9' });
    const silentSeconds = (performance.now() - t) / 1000;
    if (!silent.ok) throw new Error(`silent render failed: ${silent.message}`);
    const narrationSeconds = speakSeconds + Math.max(0, narratedSeconds - silentSeconds * (narrated.durationSeconds / silent.durationSeconds));
    figures['scene: voice'] = voice.name;
    figures['scene: speak seconds'] = speakSeconds;
    figures['scene: narrated render seconds (incl. laying the audio)'] = narratedSeconds;
    figures['scene: silent render seconds (same clip length)'] = silentSeconds;
    figures['scene: narration share of the critical path'] = narrationSeconds / (speakSeconds + writeSeconds + narratedSeconds);
  } finally {
    await backend.close();
  }
  return figures;
}
