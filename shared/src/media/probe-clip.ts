import { ALL_FORMATS, BufferSource, EncodedPacketSink, Input, type InputVideoTrack, type VideoCodec } from 'mediabunny';

/** What the combine step compares between clips, read in pure TypeScript (no ffprobe needed). */
export type ClipInfo = {
  codec: VideoCodec | null;
  /** Full codec string, e.g. `avc1.64001e` — profile and level must match for a stream copy. */
  codecString: string | null;
  width: number;
  height: number;
  /** Frames per second from the packet duration, rounded to 3 decimals (Manim writes constant frame rate). */
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
  // The nominal rate from one packet's duration: the average over the clip drifts in the last
  // digit with the clip's length (15.001 vs 15), which made equal clips look different.
  const firstPacket = await new EncodedPacketSink(track).getFirstPacket({ metadataOnly: true });
  const rate = firstPacket && firstPacket.duration > 0 ? 1 / firstPacket.duration : stats.averagePacketRate;
  return {
    codec: track.codec,
    codecString: await track.getCodecParameterString(),
    width: track.codedWidth,
    height: track.codedHeight,
    frameRate: Math.round(rate * 1000) / 1000,
    frames: stats.packetCount,
    durationSeconds: end - first,
  };
}
