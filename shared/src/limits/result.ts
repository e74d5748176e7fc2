/**
 * How a video row is presented (dashboard, CLI): a user can write every column of their own
 * video row, `status`, the file ids and the URLs included, so a row is believed only where
 * the ledger — which only the pipeline writes — agrees. A final or partial file counts only
 * when the ledger holds the pipeline's `result` entry for this video and that file; URLs are
 * kept only when they name that file. A `completed` status without a recorded final is
 * presented as failed, with a message saying why.
 */
export const UNRECORDED_RESULT_MESSAGE = 'This video says it is completed, but the pipeline recorded no result for it.';

type Presentable = {
  $id: string;
  status: string;
  combined_video_id?: string | null;
  combined_video_url?: string | null;
  partial_video_id?: string | null;
  partial_video_url?: string | null;
  error_message?: string | null;
};

/** The `result` entries one can read, as a lookup. */
export type RecordedResults = (videoId: string, fileId: string) => boolean;

export function recordedResults(entries: readonly object[]): RecordedResults {
  const keys = new Set(entries.map((e: { video_id?: unknown; file_id?: unknown }) => `${String(e.video_id)}\n${String(e.file_id)}`));
  return (videoId, fileId) => keys.has(`${videoId}\n${fileId}`);
}

export function presentVideo<V extends Presentable>(video: V, recorded: RecordedResults): V {
  const final = believed(video.$id, video.combined_video_id, video.combined_video_url, recorded);
  const partial = believed(video.$id, video.partial_video_id, video.partial_video_url, recorded);
  const presented: V = { ...video, combined_video_id: final.id, combined_video_url: final.url, partial_video_id: partial.id, partial_video_url: partial.url };
  if (video.status === 'completed' && !final.id) return { ...presented, status: 'failed', error_message: UNRECORDED_RESULT_MESSAGE };
  return presented;
}

function believed(videoId: string, id: string | null | undefined, url: string | null | undefined, recorded: RecordedResults): { id: string | null; url: string | null } {
  if (!id || !recorded(videoId, id)) return { id: null, url: null };
  return { id, url: url && url.includes(`/files/${encodeURIComponent(id)}/`) ? url : null };
}
