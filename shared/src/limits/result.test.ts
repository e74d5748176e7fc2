import { describe, expect, it } from 'vitest';
import { presentVideo, recordedResults, UNRECORDED_RESULT_MESSAGE } from './result.js';

const url = (id: string) => `http://localhost:4000/v1/storage/buckets/finals/files/${id}/view?project=local`;
const recorded = recordedResults([{ video_id: 'v1', file_id: 'f1' }, { video_id: 'v2', file_id: 'f2' }]);

describe('presentVideo', () => {
  it('presents a completed video whose final the pipeline recorded', () => {
    const video = { $id: 'v1', status: 'completed', combined_video_id: 'f1', combined_video_url: url('f1') };
    expect(presentVideo(video, recorded)).toEqual({ ...video, partial_video_id: null, partial_video_url: null });
  });

  it('does not present a forged completed status with a foreign URL as a result', () => {
    const forged = presentVideo({ $id: 'v1', status: 'completed', combined_video_id: null, combined_video_url: 'https://elsewhere.example/x.mp4' }, recorded);
    expect(forged).toMatchObject({ status: 'failed', error_message: UNRECORDED_RESULT_MESSAGE, combined_video_id: null, combined_video_url: null });
  });

  it('refuses another video\'s final and keeps only a URL that names the recorded file', () => {
    expect(presentVideo({ $id: 'v1', status: 'completed', combined_video_id: 'f2', combined_video_url: url('f2') }, recorded)).toMatchObject({ status: 'failed', combined_video_id: null });
    expect(presentVideo({ $id: 'v1', status: 'completed', combined_video_id: 'f1', combined_video_url: 'https://elsewhere.example/x.mp4' }, recorded)).toMatchObject({ status: 'completed', combined_video_id: 'f1', combined_video_url: null });
    expect(presentVideo({ $id: 'v1', status: 'failed', partial_video_id: 'fx', partial_video_url: url('fx') }, recorded)).toMatchObject({ status: 'failed', partial_video_id: null, partial_video_url: null });
  });
});
