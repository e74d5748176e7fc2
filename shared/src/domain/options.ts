import { z } from 'zod';

/** Render presets a user can pick; each maps to one fixed encoding (see presets.ts). */
export const Quality = z.enum(['preview', 'standard', 'high']);
export type Quality = z.infer<typeof Quality>;

export const AspectRatio = z.enum(['16:9', '9:16', '1:1']);
export type AspectRatio = z.infer<typeof AspectRatio>;

/** What the user asks for; `auto` lets the server pick from the keys it holds. */
export const ProviderChoice = z.enum(['auto', 'gemini', 'openai-compatible', 'offline']);
export type ProviderChoice = z.infer<typeof ProviderChoice>;

/** What actually ran; written to `videos.provider_used`. */
export const ProviderName = z.enum(['gemini', 'openai-compatible', 'offline']);
export type ProviderName = z.infer<typeof ProviderName>;

/**
 * The voice a video asks for; `auto` = gemini when a Gemini key is set, else piper when it is
 * installed, else espeak. `none` makes a silent video.
 */
export const VoiceChoice = z.enum(['auto', 'none', 'piper', 'espeak', 'gemini', 'openai-compatible']);
export type VoiceChoice = z.infer<typeof VoiceChoice>;

/** The voice that spoke; written to `videos.voice_used`. */
export const VoiceName = z.enum(['none', 'piper', 'espeak', 'gemini', 'openai-compatible']);
export type VoiceName = z.infer<typeof VoiceName>;
