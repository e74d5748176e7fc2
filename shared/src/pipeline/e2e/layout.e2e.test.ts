import { afterEach, describe, expect, it } from 'vitest';
import { decodeFindings } from '../../domain/layout-findings.js';
import { createVideo, getVideo, listScenes, signIn, startHarness, waitForFinished, type Harness } from './harness.js';

// Issue 10, "Done when": the layout loop end to end. The fake Gemini's first code for scene 1
// shows two labels on top of each other; the layout check inside the real render finds it,
// code-scene sends the findings back, and the attempt with fewer defects is kept.
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const TOPIC = 'Binary search [overlap-first-code]';

async function makeVideo(env: Record<string, string> = {}) {
  h = await startHarness({ env });
  const user = await signIn(h.stack);
  const created = await createVideo(user, { topic: TOPIC, description: 'Halve a sorted list until the target is found.', provider: 'gemini', max_scenes: 2 });
  const video = await waitForFinished(h, created.$id);
  expect(video.status, video.error_message ?? '').toBe('completed');
  const [first] = await listScenes(h, created.$id);
  const codePrompts = h.fake.requests.filter((r) => r.kind === 'code' && r.sceneNumber === 1 && r.status === 200).map((r) => r.prompt);
  const code = (await h.storage.getFileView({ bucketId: 'code', fileId: first!.code_file_id! })) as ArrayBuffer;
  return { h, video: await getVideo(h, created.$id), first: first!, codePrompts, code: Buffer.from(code).toString('utf8') };
}

describe('the layout loop', () => {
  it('sends overlapping labels back to the LLM with the findings and keeps the repaired attempt', async () => {
    const { h, video, first, codePrompts, code } = await makeVideo();
    expect(first).toMatchObject({ status: 'rendered', attempt: 2, renders: 2, layout_kept: null });
    expect(decodeFindings(first.layout_findings)).toEqual([]);
    expect(code).not.toContain('Label B');

    expect(codePrompts).toHaveLength(2);
    expect(codePrompts[0]).not.toContain('LAYOUT CHECK');
    expect(codePrompts[1]).toContain('PREVIOUS ATTEMPT RENDERED, BUT THE LAYOUT CHECK FOUND DEFECTS');
    expect(codePrompts[1]).toMatch(/overlap at [\d.]+ s, line \d+: Text\("Label A"\) \(line \d+\) and Text\("Label B"\)/);

    // Every scene has its picture, and the video's poster is the first scene's.
    const thumbnail = Buffer.from((await h.storage.getFileView({ bucketId: 'thumbnails', fileId: first.thumbnail_file_id! })) as ArrayBuffer);
    expect(thumbnail.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(video.poster_file_id).toBe(first.thumbnail_file_id);
    expect(video.poster_url).toContain(`/files/${first.thumbnail_file_id}/view`);
  });

  it('with LAYOUT_REPAIR_ATTEMPTS=0 keeps the first attempt and shows its findings', async () => {
    const { first, codePrompts, code } = await makeVideo({ LAYOUT_REPAIR_ATTEMPTS: '0' });
    expect(first).toMatchObject({ status: 'rendered', attempt: 1, renders: 1 });
    expect(codePrompts).toHaveLength(1);
    expect(code).toContain('Label B');
    const findings = decodeFindings(first.layout_findings);
    expect(findings.map((f) => f.kind)).toEqual(['overlap']);
    expect(findings[0]!.line).toBe(code.split('\n').findIndex((l) => l.includes('Label B')) + 1);
  });
});
