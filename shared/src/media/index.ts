export { concatClips, ClipMismatchError } from './concat-clips.js';
export { probeClip, type ClipInfo } from './probe-clip.js';
export { ffprobe, FfprobeReport, FfprobeStream } from './ffprobe.js';
