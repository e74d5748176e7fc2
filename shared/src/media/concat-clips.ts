import {
  ALL_FORMATS,
  EncodedPacketSink,
  EncodedVideoPacketSource,
  FilePathSource,
  FilePathTarget,
  Input,
  Mp4OutputFormat,
  Output,
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
  ) {
    super(`clip ${clipIndex + 1} differs from clip 1 in ${field} (${String(actual)} vs ${String(expected)}); every clip of a video must be rendered with the same preset`);
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

    const output = new Output({ format: new Mp4OutputFormat({ fastStart: 'reserve' }), target: new FilePathTarget(outPath, { chunked: true, chunkSize: TARGET_CHUNK_BYTES }) });
    const source = new EncodedVideoPacketSource(first.codec!);
    output.addVideoTrack(source, { frameRate: first.frameRate, maximumPacketCount: packetCount });
    await output.start();

    let offset = 0;
    let meta: { decoderConfig: VideoDecoderConfig } | undefined = { decoderConfig };
    for (const track of tracks) {
      const start = await track.getFirstTimestamp();
      let end = start;
      for await (const packet of new EncodedPacketSink(track).packets()) {
        await source.add(packet.clone({ timestamp: packet.timestamp - start + offset }), meta);
        meta = undefined;
        end = Math.max(end, packet.timestamp + packet.duration);
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
