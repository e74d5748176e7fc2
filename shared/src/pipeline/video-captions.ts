import type { Invocation } from '../appwrite/entry.js';
import type { SceneRecord, VideoRecord } from '../appwrite/records.js';
import { bucketIds } from '../appwrite/store.js';
import { webVtt } from '../domain/captions.js';
import { captionsFileId } from '../domain/ids.js';
import { Cues, decodeJsonColumn } from '../domain/narration.js';
import { ownedFileName } from '../domain/file-owner.js';
import { fileReadPermissions, isPublicVideo } from '../limits/creator.js';
import { videoVoice } from './scene-speech.js';

export type CaptionColumns = { captions_file_id: string | null; captions_url: string | null };

/**
 * The captions of one combined (or partial) video: each clip's cues, as its render heard them,
 * offset by the clips before it, stored beside the video file. A silent video has none.
 */
export async function writeCaptions(
  inv: Invocation,
  video: VideoRecord,
  clips: readonly { sceneNumber: number; duration: number | null }[],
  scenes: readonly SceneRecord[],
  videoFileId: string,
  owner: string,
): Promise<CaptionColumns> {
  if (videoVoice(video) === 'none') return { captions_file_id: null, captions_url: null };
  const byNumber = new Map(scenes.map((s) => [s.scene_number, s]));
  let offset = 0;
  const parts = clips.map((clip) => {
    const part = { offset, cues: decodeJsonColumn(Cues, byNumber.get(clip.sceneNumber)?.cues) ?? [] };
    offset += clip.duration ?? 0;
    return part;
  });
  const ends = parts.map((p, i) => p.offset + (clips[i]!.duration ?? 0));
  const id = captionsFileId(videoFileId);
  await inv.store.putFile(bucketIds.finals, id, new TextEncoder().encode(webVtt(parts, ends)), ownedFileName(video.$id, `captions-${video.$id}.vtt`), fileReadPermissions(owner, isPublicVideo(inv.config, video)));
  return { captions_file_id: id, captions_url: await inv.store.playableUrl(bucketIds.finals, id) };
}
