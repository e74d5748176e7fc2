/** `talk.mp4` → `talk.vtt`; any other name gets `.vtt` added. */
export function captionsPath(videoPath: string): string {
  return /\.mp4$/i.test(videoPath) ? videoPath.replace(/\.mp4$/i, '.vtt') : `${videoPath}.vtt`;
}
