import { ALL_FORMATS, BufferSource, Input, type InputVideoTrack, type VideoCodec } from 'mediabunny';

/** What the combine step compares between clips, read in pure TypeScript (no ffprobe needed). */
export type ClipInfo = {
  codec: VideoCodec | null;
  /** Full codec string, e.g. `avc1.64001e` — profile and level must match for a stream copy. */
  codecString: string | null;
  width: number;
  height: number;
  /** Packets per second, rounded to 3 decimals (Manim writes constant frame rate). */
  frameRate: number;
  frames: number;
  durationSeconds: number;
};

export async function probeClip(clip: Uint8Array): Promise<ClipInfo> {
  const input = new Input({ formats: ALL_FORMATS, source: new BufferSource(clip) });
  try {
    const track = await primaryVideoTrack(input);
    return await describeTrack(track);
  } finally {
    input.dispose();
  }
}

export async function primaryVideoTrack(input: Input): Promise<InputVideoTrack> {
  const track = await input.getPrimaryVideoTrack();
  if (!track) throw new Error('the clip has no video track');
  return track;
}

export async function describeTrack(track: InputVideoTrack): Promise<ClipInfo> {
  const stats = await track.computePacketStats();
  const first = await track.getFirstTimestamp();
  const end = await track.computeDuration();
  return {
    codec: track.codec,
    codecString: await track.getCodecParameterString(),
    width: track.codedWidth,
    height: track.codedHeight,
    frameRate: Math.round(stats.averagePacketRate * 1000) / 1000,
    frames: stats.packetCount,
    durationSeconds: end - first,
  };
}
