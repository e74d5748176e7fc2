/**
 * Mono 16-bit PCM and its WAV container: what every voice engine's output is turned into, so
 * joining sentences, padding and loudness work the same whichever engine spoke.
 * Pure TypeScript: it runs in an Appwrite Node function, where no ffmpeg exists.
 */
export type Pcm = { sampleRate: number; samples: Int16Array };

export class WavError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WavError';
  }
}

/** Reads a PCM WAV (8/16/24/32-bit integer or 32-bit float, any channel count) as mono 16-bit. */
export function decodeWav(bytes: Uint8Array): Pcm {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new WavError('not a WAV file');
  let format: { code: number; channels: number; rate: number; bits: number } | null = null;
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = tag(at);
    // Streams written to a pipe carry 0 or 0xFFFFFFFF as the data size: take the rest of the file.
    let size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      format = { code: view.getUint16(body, true), channels: view.getUint16(body + 2, true), rate: view.getUint32(body + 4, true), bits: view.getUint16(body + 14, true) };
      if (format.code === 0xfffe && size >= 26) format.code = view.getUint16(body + 24, true);
    } else if (id === 'data') {
      if (!format) throw new WavError('WAV data before its format');
      if (size === 0 || size === 0xffffffff || body + size > bytes.length) size = bytes.length - body;
      return { sampleRate: format.rate, samples: toMono16(view, body, size, format) };
    }
    at = body + size + (size % 2);
  }
  throw new WavError('WAV file without audio data');
}

function toMono16(view: DataView, start: number, size: number, f: { code: number; channels: number; bits: number }): Int16Array {
  const bytesPer = f.bits / 8;
  if (!(f.code === 1 && [8, 16, 24, 32].includes(f.bits)) && !(f.code === 3 && f.bits === 32)) throw new WavError(`unsupported WAV encoding (format ${f.code}, ${f.bits} bits)`);
  if (f.channels < 1) throw new WavError('WAV without channels');
  const frames = Math.floor(size / (bytesPer * f.channels));
  const out = new Int16Array(frames);
  for (let i = 0; i < frames; i++) {
    let sum = 0;
    for (let c = 0; c < f.channels; c++) {
      const at = start + (i * f.channels + c) * bytesPer;
      if (f.code === 3) sum += view.getFloat32(at, true) * 32767;
      else if (f.bits === 8) sum += (view.getUint8(at) - 128) * 256;
      else if (f.bits === 16) sum += view.getInt16(at, true);
      else if (f.bits === 24) sum += ((view.getUint8(at) | (view.getUint8(at + 1) << 8) | (view.getInt8(at + 2) << 16)) / 256);
      else sum += view.getInt32(at, true) / 65536;
    }
    out[i] = clamp16(sum / f.channels);
  }
  return out;
}

export function encodeWav(pcm: Pcm): Uint8Array {
  const dataBytes = pcm.samples.length * 2;
  const out = new Uint8Array(44 + dataBytes);
  const view = new DataView(out.buffer);
  const put = (at: number, s: string) => { for (let i = 0; i < 4; i++) out[at + i] = s.charCodeAt(i); };
  put(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, pcm.sampleRate, true);
  view.setUint32(28, pcm.sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  put(36, 'data');
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < pcm.samples.length; i++) view.setInt16(44 + i * 2, pcm.samples[i]!, true);
  return out;
}

/** Raw little-endian 16-bit mono PCM (Gemini's speech answer) as samples. */
export function pcmFromS16le(bytes: Uint8Array, sampleRate: number): Pcm {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength - (bytes.byteLength % 2));
  const samples = new Int16Array(view.byteLength / 2);
  for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(i * 2, true);
  return { sampleRate, samples };
}

export function seconds(pcm: Pcm): number {
  return pcm.samples.length / pcm.sampleRate;
}

/** Linear resampling: enough for speech, and it keeps sentences from engines of one voice on one rate. */
export function resample(pcm: Pcm, rate: number): Pcm {
  if (pcm.sampleRate === rate) return pcm;
  const n = Math.round((pcm.samples.length * rate) / pcm.sampleRate);
  const out = new Int16Array(n);
  const step = pcm.sampleRate / rate;
  for (let i = 0; i < n; i++) {
    const x = i * step;
    const j = Math.floor(x);
    const a = pcm.samples[j] ?? 0;
    const b = pcm.samples[j + 1] ?? a;
    out[i] = clamp16(a + (b - a) * (x - j));
  }
  return { sampleRate: rate, samples: out };
}

/** Drops leading and trailing near-silence, keeping a short margin so words are not clipped. */
export function trimSilence(pcm: Pcm, threshold = 300, marginSeconds = 0.04): Pcm {
  const s = pcm.samples;
  let a = 0;
  let b = s.length;
  while (a < b && Math.abs(s[a]!) < threshold) a++;
  while (b > a && Math.abs(s[b - 1]!) < threshold) b--;
  if (a >= b) return { sampleRate: pcm.sampleRate, samples: new Int16Array(0) };
  const margin = Math.round(marginSeconds * pcm.sampleRate);
  return { sampleRate: pcm.sampleRate, samples: s.slice(Math.max(0, a - margin), Math.min(s.length, b + margin)) };
}

/**
 * Even loudness across scenes and voices: scales the speech so its RMS over voiced 20 ms
 * windows is `targetDbfs`, with the peak kept under -1 dBFS. Silence does not count, so a
 * scene with long pauses is not made louder than one without.
 */
export function normalizeLoudness(pcm: Pcm, targetDbfs = -20): Pcm {
  const window = Math.max(1, Math.round(pcm.sampleRate * 0.02));
  let energy = 0;
  let counted = 0;
  let peak = 0;
  for (let i = 0; i < pcm.samples.length; i += window) {
    let sum = 0;
    const end = Math.min(pcm.samples.length, i + window);
    for (let j = i; j < end; j++) {
      const v = pcm.samples[j]!;
      sum += v * v;
      if (Math.abs(v) > peak) peak = Math.abs(v);
    }
    const rms = Math.sqrt(sum / (end - i));
    if (rms > 32767 * 10 ** (-50 / 20)) {
      energy += sum;
      counted += end - i;
    }
  }
  if (counted === 0 || peak === 0) return pcm;
  const rms = Math.sqrt(energy / counted);
  const wanted = 32767 * 10 ** (targetDbfs / 20);
  const gain = Math.min(wanted / rms, (32767 * 10 ** (-1 / 20)) / peak);
  const out = new Int16Array(pcm.samples.length);
  for (let i = 0; i < out.length; i++) out[i] = clamp16(pcm.samples[i]! * gain);
  return { sampleRate: pcm.sampleRate, samples: out };
}

export function silence(sampleRate: number, secondsLong: number): Pcm {
  return { sampleRate, samples: new Int16Array(Math.round(sampleRate * secondsLong)) };
}

export function concatPcm(parts: readonly Pcm[], sampleRate: number): Pcm {
  const total = parts.reduce((n, p) => n + p.samples.length, 0);
  const out = new Int16Array(total);
  let at = 0;
  for (const p of parts) {
    if (p.sampleRate !== sampleRate) throw new WavError(`cannot join ${p.sampleRate} Hz audio into ${sampleRate} Hz`);
    out.set(p.samples, at);
    at += p.samples.length;
  }
  return { sampleRate, samples: out };
}

function clamp16(v: number): number {
  return Math.max(-32768, Math.min(32767, Math.round(v)));
}
