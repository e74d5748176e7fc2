/**
 * The one audio layout of every clip of a narrated video. The combine stream-copies audio
 * like video, which only works when every clip's AAC track has the same parameters; a scene
 * with nothing to say gets silence in this same layout.
 */
export const NARRATION_AUDIO = { codec: 'aac', sampleRate: 48_000, channels: 1, bitrate: '96k' } as const;
