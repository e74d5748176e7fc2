import type { Invocation } from '../appwrite/entry.js';
import type { SceneRecord, VideoRecord } from '../appwrite/records.js';
import { bucketIds } from '../appwrite/store.js';
import { audioFileId } from '../domain/ids.js';
import { decodeJsonColumn, Speech, speechKey } from '../domain/narration.js';
import { VoiceName } from '../domain/options.js';
import { patchScene } from './claim.js';
import { ownedFileName } from '../domain/file-owner.js';
import { fileReadPermissions, isPublicVideo } from '../limits/creator.js';
import { fileUsableFor } from './file-guard.js';
import type { RenderJob, SpeakerFactory } from './ports.js';

export type PreparedSpeech =
  /** The video has no voice: a silent scene, as before narration existed. */
  | { kind: 'silent' }
  /** The scene's speech (no sentences when its narration is empty), on the row that now carries it. */
  | { kind: 'ready'; scene: SceneRecord; speech: Speech; spoken: boolean }
  | { kind: 'failed'; err: unknown }
  /** Someone else wrote the scene meanwhile (a re-run, the sweeper): this claim is over. */
  | { kind: 'lost' };

/** The voice a video speaks with, as plan-video recorded it; an unknown value is no voice. */
export function videoVoice(video: Pick<VideoRecord, 'voice_used'>): VoiceName {
  const parsed = VoiceName.safeParse(video.voice_used);
  return parsed.success ? parsed.data : 'none';
}

/**
 * Audio first: a claimed scene's narration is spoken and measured before its code is written,
 * so the prompt can time the animation to it. The audio is keyed by voice and sentences: an
 * unchanged narration (a retry, a re-run of the same text) reuses the file it already has;
 * an edited one is spoken again, for this scene only.
 */
export async function prepareSpeech(inv: Invocation, scene: SceneRecord, video: VideoRecord, owner: string, speakers: SpeakerFactory): Promise<PreparedSpeech> {
  const voice = videoVoice(video);
  if (voice === 'none') return { kind: 'silent' };
  let speaker;
  try {
    speaker = await speakers(inv.config, voice);
  } catch (err) {
    return { kind: 'failed', err };
  }
  if (!speaker) return { kind: 'silent' };
  const narration = scene.narration ?? '';
  const key = speechKey(speaker.id, narration);
  const stored = decodeJsonColumn(Speech, scene.speech);
  if (scene.audio_key === key && stored && (stored.sentences.length === 0 || scene.audio_file_id)) return { kind: 'ready', scene, speech: stored, spoken: false };

  let spoken;
  try {
    spoken = await speaker.speak(narration);
  } catch (err) {
    return { kind: 'failed', err };
  }
  let fileId: string | null = null;
  if (spoken) {
    fileId = audioFileId(scene.$id, key);
    // 'exists' is the same audio from an earlier claim of this narration: the id is its key.
    await inv.store.putFile(bucketIds.audio, fileId, spoken.wav, ownedFileName(scene.video_id, `${fileId}.wav`), fileReadPermissions(owner, isPublicVideo(inv.config, video)));
  }
  const speech: Speech = spoken?.speech ?? { voice: speaker.id.slice(0, 64), sentences: [], seconds: 0 };
  const patched = await patchScene(inv.store, scene, {
    audio_file_id: fileId,
    audio_key: key,
    speech: JSON.stringify(speech),
    cues: null,
  });
  return patched ? { kind: 'ready', scene: patched, speech, spoken: true } : { kind: 'lost' };
}

/**
 * What a render of this scene plays: nothing for a silent video; for a narrated one the audio
 * code-scene prepared (the very file the code was timed to), or silence when the scene says
 * nothing, so every clip of the video carries the same audio layout.
 */
export async function narrationForRender(inv: Invocation, scene: SceneRecord, video: VideoRecord, owner: string): Promise<{ narration?: RenderJob['narration'] } | { error: string }> {
  if (videoVoice(video) === 'none') return {};
  const speech = decodeJsonColumn(Speech, scene.speech);
  if (!speech || speech.sentences.length === 0) return { narration: { sentences: [] } };
  if (!scene.audio_file_id || !(await fileUsableFor(inv.store, bucketIds.audio, scene.audio_file_id, owner))) {
    return { error: `the scene's audio file ${scene.audio_file_id ?? '(none)'} is missing or does not belong to this scene's owner` };
  }
  const audio = await inv.store.readFile(bucketIds.audio, scene.audio_file_id);
  return { narration: { audioBase64: audio.toString('base64'), sentences: speech.sentences } };
}
