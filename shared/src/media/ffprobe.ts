import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { z } from 'zod';

const run = promisify(execFile);

export const FfprobeStream = z.object({
  codec_type: z.string(),
  codec_name: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  pix_fmt: z.string().optional(),
  r_frame_rate: z.string().optional(),
  nb_frames: z.string().optional(),
  nb_read_frames: z.string().optional(),
  duration: z.string().optional(),
});
export type FfprobeStream = z.infer<typeof FfprobeStream>;

export const FfprobeReport = z.object({
  streams: z.array(FfprobeStream),
  format: z.object({ duration: z.string().optional(), format_name: z.string().optional() }),
});
export type FfprobeReport = z.infer<typeof FfprobeReport>;

/**
 * The real ffprobe's view of a file, for tests and diagnostics (the pipeline itself reads
 * clips with mediabunny, because Appwrite's Node runtimes have no ffmpeg).
 * `countFrames` decodes the whole stream, so it also proves the file decodes.
 */
export async function ffprobe(path: string, options: { countFrames?: boolean } = {}): Promise<FfprobeReport> {
  const args = ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format'];
  if (options.countFrames) args.push('-count_frames');
  const { stdout } = await run('ffprobe', [...args, path], { maxBuffer: 16 * 1024 * 1024 });
  return FfprobeReport.parse(JSON.parse(stdout));
}
