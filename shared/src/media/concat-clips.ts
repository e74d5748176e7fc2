import {
  ALL_FORMATS,
  EncodedAudioPacketSource,
  EncodedPacket,
  EncodedPacketSink,
  EncodedVideoPacketSource,
  FilePathSource,
  FilePathTarget,
  Input,
  Mp4OutputFormat,
  Output,
  type AudioCodec,
  type InputAudioTrack,
  type InputVideoTrack,
} from 'mediabunny';
import { describeTrack, primaryVideoTrack, type ClipInfo } from './probe-clip.js';

/** Clips whose encoding differs cannot be stream-copied; the message names the clip and the field. */
export class ClipMismatchError extends Error {
  constructor(
    readonly clipIndex: number,
    readonly field: string,
    readonly expected: unknown,
    readonly actual: unknown,
    /** The clip it is compared with: the first, or for a missing audio track the first that has one. */
    readonly referenceIndex = 0,
  ) {
    super(`clip ${clipIndex + 1} differs from clip ${referenceIndex + 1} in ${field} (${String(actual)} vs ${String(expected)}); every clip of a video must be rendered with the same preset`);
    this.name = 'ClipMismatchError';
  }
}

/**
 * Joins H.264 MP4 clip files into one MP4 file without re-encoding: each clip's packets are
 * copied in decode order with their timestamps shifted by the running offset, under the first
 * clip's decoder config. Pure TypeScript (mediabunny), so it runs inside an Appwrite Node function.
 *
 * It streams: clips are read from disk through a small cache and the output is written to
 * disk as it grows, with space reserved at the start for the index (`fastStart: 'reserve'`,
 * sized from the packet counts), so the file still plays before it has fully downloaded.
 * Memory stays flat whatever the number or size of the clips; a 512 MB function holds a
 * video of any length.
 *
 * A stream copy of clips with different size, rate, codec settings or parameter sets
 * "succeeds" and writes a broken file, so every clip is compared with the first one first and
 * a mismatch throws `ClipMismatchError`. We do not fall back to re-encoding: the renderer uses
 * one preset per video, so a mismatch is a bug upstream and hiding it would cost minutes of CPU.
 */
export async function concatClips(clipPaths: readonly string[], outPath: string): Promise<void> {
  if (clipPaths.length === 0) throw new Error('concatClips needs at least one clip');
  // Every clip stays open until the end (their encodings are compared first), so each
  // one's read cache is kept small: 12 clips at the 8 MiB default would cost ~100 MiB.
  const inputs = clipPaths.map((path) => new Input({ formats: ALL_FORMATS, source: new FilePathSource(path, { maxCacheSize: SOURCE_CACHE_BYTES }) }));
  try {
    const tracks = await Promise.all(inputs.map(primaryVideoTrack));
    const { first, decoderConfig, packetCount } = await sameEncoding(tracks);
    const audio = await sameAudio(await Promise.all(inputs.map((input) => input.getPrimaryAudioTrack())));

    const output = new Output({ format: new Mp4OutputFormat({ fastStart: 'reserve' }), target: new FilePathTarget(outPath, { chunked: true, chunkSize: TARGET_CHUNK_BYTES }) });
    const source = new EncodedVideoPacketSource(first.codec!);
    output.addVideoTrack(source, { frameRate: first.frameRate, maximumPacketCount: packetCount });
    const audioSource = audio ? new EncodedAudioPacketSource(audio.codec) : null;
    if (audio && audioSource) output.addAudioTrack(audioSource, { maximumPacketCount: audio.packetCount, decoderConfig: audio.decoderConfig });
    await output.start();

    let offset = 0;
    let audioEnd = 0;
    let meta: { decoderConfig: VideoDecoderConfig } | undefined = { decoderConfig };
    let audioMeta: { decoderConfig: AudioDecoderConfig } | undefined = audio ? { decoderConfig: audio.decoderConfig } : undefined;
    for (const [i, track] of tracks.entries()) {
      const start = await track.getFirstTimestamp();
      let end = start;
      const videoPackets = new EncodedPacketSink(track).packets();
      // A clip's audio starts with its video; where AAC frames ran past the previous clip's
      // end it starts right after them instead, so the track's timestamps never go back.
      const audioTrack = audio?.tracks[i];
      const audioStart = audioTrack ? await audioTrack.getFirstTimestamp() : 0;
      const audioShift = Math.max(offset, audioEnd) - audioStart;
      const audioPackets = audioTrack ? new EncodedPacketSink(audioTrack).packets() : null;
      // Interleaved by time, so the muxer writes as it goes instead of holding one track back.
      for await (const [kind, packet] of interleave(videoPackets, audioPackets, offset - start, audioShift)) {
        if (kind === 'video') {
          await source.add(packet.clone({ timestamp: packet.timestamp - start + offset }), meta);
          meta = undefined;
          end = Math.max(end, packet.timestamp + packet.duration);
        } else {
          await audioSource!.add(packet.clone({ timestamp: packet.timestamp + audioShift }), audioMeta);
          audioMeta = undefined;
          audioEnd = Math.max(audioEnd, packet.timestamp + audioShift + packet.duration);
        }
      }
      offset += end - start;
    }
    await output.finalize();
  } finally {
    for (const input of inputs) input.dispose();
  }
}

/**
 * The one place that decides whether clips can be stream-copied together: every clip is
 * compared with the first (codec, size, rate, parameter sets). Answers the first clip's
 * description and decoder config, and the packets of all clips together.
 */
async function sameEncoding(tracks: InputVideoTrack[]): Promise<{ first: ClipInfo; decoderConfig: VideoDecoderConfig; packetCount: number }> {
  const infos = await Promise.all(tracks.map(describeTrack));
  const configs = await Promise.all(tracks.map((t) => t.getDecoderConfig()));
  const first = infos[0]!;
  const firstConfig = configs[0];
  if (!first.codec || !firstConfig) throw new Error('clip 1 has no decodable video track');
  infos.forEach((info, i) => compare(first, info, i));
  const firstDescription = descriptionBytes(firstConfig.description);
  configs.forEach((config, i) => {
    // The parameter sets (SPS/PPS in avcC) travel once, in the header: every clip must share them.
    if (!sameBytes(firstDescription, descriptionBytes(config?.description))) {
      throw new ClipMismatchError(i, 'decoder parameter sets', 'clip 1', `clip ${i + 1}`);
    }
  });
  return { first, decoderConfig: firstConfig, packetCount: infos.reduce((n, info) => n + info.frames, 0) };
}

const SOURCE_CACHE_BYTES = 1 << 20;
const TARGET_CHUNK_BYTES = 4 << 20;

/**
 * Narrated videos: every clip carries one audio track with the same codec, rate, channels and
 * decoder config (silence where a scene says nothing), or none does. Anything else cannot be
 * stream-copied into one track.
 */
async function sameAudio(tracks: (InputAudioTrack | null)[]): Promise<{ tracks: InputAudioTrack[]; codec: AudioCodec; decoderConfig: AudioDecoderConfig; packetCount: number } | null> {
  const present = tracks.filter((t): t is InputAudioTrack => t !== null);
  if (present.length === 0) return null;
  const missing = tracks.findIndex((t) => t === null);
  if (missing >= 0) throw new ClipMismatchError(missing, 'audio track', 'an audio track', 'none', tracks.findIndex((t) => t !== null));
  const configs = await Promise.all(present.map((t) => t.getDecoderConfig()));
  const firstConfig = configs[0];
  if (!firstConfig) throw new Error('clip 1 has no decodable audio track');
  configs.forEach((config, i) => {
    for (const field of ['codec', 'sampleRate', 'numberOfChannels'] as const) {
      if (config?.[field] !== firstConfig[field]) throw new ClipMismatchError(i, `audio ${field}`, firstConfig[field], config?.[field]);
    }
    if (!sameBytes(descriptionBytes(firstConfig.description), descriptionBytes(config?.description))) throw new ClipMismatchError(i, 'audio decoder config', 'clip 1', `clip ${i + 1}`);
  });
  const codec = await present[0]!.getCodec();
  if (!codec) throw new Error('clip 1 has an audio track of an unknown codec');
  const counts = await Promise.all(present.map(async (t) => (await t.computePacketStats()).packetCount));
  return { tracks: present, codec, decoderConfig: firstConfig, packetCount: counts.reduce((a, b) => a + b, 0) };
}

/** Two packet streams of one clip in order of their output time; audio may be absent. */
async function* interleave(video: AsyncGenerator<EncodedPacket>, audio: AsyncGenerator<EncodedPacket> | null, videoShift: number, audioShift: number): AsyncGenerator<['video' | 'audio', EncodedPacket]> {
  let v = await video.next();
  let a = audio ? await audio.next() : null;
  while (!v.done || (a && !a.done)) {
    const takeVideo = !v.done && (!a || a.done || v.value.timestamp + videoShift <= a.value.timestamp + audioShift);
    if (takeVideo) {
      yield ['video', v.value as EncodedPacket];
      v = await video.next();
    } else {
      yield ['audio', a!.value as EncodedPacket];
      a = await audio!.next();
    }
  }
}

function compare(first: ClipInfo, info: ClipInfo, index: number): void {
  const fields = ['codec', 'codecString', 'width', 'height', 'frameRate'] as const;
  for (const field of fields) {
    // frameRate is the nominal rate from the packet duration (see probe-clip.ts), exact to
    // rounding; a looser tolerance would let 29.97 pass for 30 and write a broken file.
    const same = field === 'frameRate' ? Math.abs(info.frameRate - first.frameRate) < 0.001 : info[field] === first[field];
    if (!same) throw new ClipMismatchError(index, field, first[field], info[field]);
  }
}

function descriptionBytes(description: AllowSharedBufferSource | undefined): Uint8Array | null {
  if (!description) return null;
  if (ArrayBuffer.isView(description)) return new Uint8Array(description.buffer, description.byteOffset, description.byteLength);
  return new Uint8Array(description);
}

function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
