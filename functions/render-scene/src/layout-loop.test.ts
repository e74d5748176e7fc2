import { describe, expect, it } from 'vitest';
import { rewriteManim } from '../../../shared/src/code/rewrite.js';
import { sceneId } from '../../../shared/src/domain/ids.js';
import { decodeFindings, type LayoutFinding } from '../../../shared/src/domain/layout-findings.js';
import type { RenderResult, RendererFactory } from '../../../shared/src/pipeline/ports.js';
import { aRenderedClip, manimCode, OWNER, scriptedLlm, scriptedSpeakers, seedScene, seedVideo, VIDEO_ID } from '../../../shared/src/pipeline/testing/fixtures.js';
import { testInvocation } from '../../../shared/src/pipeline/testing/invocation.js';
import { codeScene } from '../../code-scene/src/handler.js';
import { sweepStuck } from '../../sweep-stuck/src/handler.js';
import { renderScene } from './handler.js';

// The layout loop across the two stages it spans: render-scene decides, code-scene repairs.
const NOW = new Date('2026-03-01T10:00:00.000Z');
const SCENE = sceneId(VIDEO_ID, 1);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

const overlap: LayoutFinding = { kind: 'overlap', t: 1.5, line: 9, objects: ['Text("A") (line 8)', 'Text("B") (line 9)'], message: 'Text("A") and Text("B") overlap (80% of the smaller one); place one with .next_to(other, DOWN).' };
const offRight: LayoutFinding = { kind: 'out_of_frame', t: 2, line: 11, objects: ['Text("long") (line 11)'], message: 'Text("long") passes the right edge by 1.20 units; move it inwards.' };
const tiny: LayoutFinding = { kind: 'too_small', t: 2, line: 12, objects: ['MathTex("x") (line 12)'], message: 'MathTex("x") is 6 px tall, below the readable 11 px.' };

function renderer(findings: LayoutFinding[], clipByte = 1): RendererFactory {
  return async () => ({
    render: async (): Promise<RenderResult> => aRenderedClip({ clip: Buffer.from([clipByte]), layout: { findings, thumbnail: PNG, checkSeconds: 0 } }),
  });
}
const crashes: RendererFactory = async () => ({ render: async () => ({ ok: false, errorClass: 'runtime', message: 'NameError: x', traceback: 'Traceback\nNameError: x', log: '' }) });

function setup(env: Record<string, string> = {}, scene: Record<string, unknown> = {}) {
  const inv = testInvocation({ body: { $id: SCENE, status: 'coded' }, now: NOW, env });
  seedVideo(inv.store, { status: 'rendering', scene_count: 1, owner: OWNER });
  inv.store.seedFile('code', 'code1', manimCode('Scene01'), [`read("user:${OWNER}")`]);
  seedScene(inv.store, 1, { status: 'coded', attempt: 1, code_file_id: 'code1', code_url: 'http://memory.test/code1', ...scene });
  return inv;
}

/** code-scene runs on the scene render-scene sent back, writing `code`; the scene is then `coded` again. */
async function repair(inv: ReturnType<typeof setup>, code = `${manimCode('Scene01')}# moved apart\n`) {
  const llm = scriptedLlm({ code: () => ({ code, usage: { tokensIn: 1, tokensOut: 1 } }) });
  const coded = await codeScene({ llm, rewrite: rewriteManim, speakers: scriptedSpeakers() })({ ...inv, body: { $id: SCENE, status: 'planned' } });
  return { coded, llm };
}

describe('the layout loop', () => {
  it('stores the findings and a thumbnail, and sends a scene with defects back for new code while keeping its clip', async () => {
    const inv = setup();
    expect(await renderScene({ renderer: renderer([overlap, tiny]) })(inv)).toMatchObject({ kind: 'done', event: 'scene.layout-repair', fields: { round: 1, defects: 1 } });
    const scene = inv.store.scene(SCENE);
    expect(scene).toMatchObject({ status: 'planned', error_class: 'layout', pipeline_retry: true, code_file_id: 'code1' });
    expect(decodeFindings(scene.layout_findings)).toEqual([overlap, tiny]);
    expect(JSON.parse(scene.layout_kept!)).toEqual({ codeFileId: 'code1', codeUrl: 'http://memory.test/code1', repairs: 1 });
    expect(scene.video_file_id).toBeTruthy();
    expect(inv.store.fileText('thumbnails', scene.thumbnail_file_id!)).toBeDefined();
    expect(await inv.store.fileReaders('thumbnails', scene.thumbnail_file_id!)).toEqual([`read("user:${OWNER}")`]);
    expect(scene.error_message).toContain('overlap at 1.5 s, line 9');
    expect(scene.error_message).not.toContain('too_small');
  });

  it('puts the findings and the code that rendered into the next prompt, as a layout repair', async () => {
    const inv = setup();
    await renderScene({ renderer: renderer([overlap]) })(inv);
    const { coded, llm } = await repair(inv);
    expect(coded).toMatchObject({ kind: 'done', event: 'scene.coded', fields: { attempt: 2 } });
    expect(llm.codes[0]!.previous).toMatchObject({ layout: true, code: manimCode('Scene01').trimEnd() });
    expect(llm.codes[0]!.previous!.error).toContain(overlap.message);
  });

  it('keeps the repair when it has fewer defects: its clip, its code, its findings', async () => {
    const inv = setup();
    await renderScene({ renderer: renderer([overlap, offRight], 1) })(inv);
    await repair(inv);
    const newCode = inv.store.scene(SCENE).code_file_id!;
    expect(await renderScene({ renderer: renderer([], 2) })({ ...inv, body: { $id: SCENE, status: 'coded' } })).toMatchObject({ event: 'scene.rendered', fields: { kept: 'this', defects: 0 } });
    const scene = inv.store.scene(SCENE);
    expect(scene).toMatchObject({ status: 'rendered', code_file_id: newCode, layout_kept: null, error_class: null, error_message: null, layout_findings: '[]' });
    expect([...(await inv.store.readFile('clips', scene.video_file_id!))]).toEqual([2]);
  });

  it('keeps the first attempt when the repair is no better: its clip, its code, its findings', async () => {
    const inv = setup();
    await renderScene({ renderer: renderer([overlap], 1) })(inv);
    const first = inv.store.scene(SCENE);
    await repair(inv);
    expect(await renderScene({ renderer: renderer([offRight], 2) })({ ...inv, body: { $id: SCENE, status: 'coded' } })).toMatchObject({ event: 'scene.rendered', fields: { kept: 'earlier', defects: 1 } });
    const scene = inv.store.scene(SCENE);
    expect(scene).toMatchObject({ status: 'rendered', code_file_id: 'code1', video_file_id: first.video_file_id, thumbnail_file_id: first.thumbnail_file_id, layout_kept: null });
    expect(decodeFindings(scene.layout_findings)).toEqual([overlap]);
  });

  it('never fails a scene that rendered: a repair that crashes settles on the kept clip', async () => {
    const inv = setup();
    await renderScene({ renderer: renderer([overlap]) })(inv);
    const first = inv.store.scene(SCENE);
    await repair(inv);
    expect(await renderScene({ renderer: crashes })({ ...inv, body: { $id: SCENE, status: 'coded' } })).toMatchObject({ event: 'scene.layout-kept' });
    expect(inv.store.scene(SCENE)).toMatchObject({ status: 'rendered', code_file_id: 'code1', video_file_id: first.video_file_id, layout_kept: null, error_message: null });
  });

  it('never fails a scene that rendered: an LLM that cannot write the repair settles on the kept clip', async () => {
    const inv = setup();
    await renderScene({ renderer: renderer([overlap]) })(inv);
    const llm = scriptedLlm({ code: () => { throw new Error('the model is overloaded'); } });
    expect(await codeScene({ llm, rewrite: rewriteManim, speakers: scriptedSpeakers() })({ ...inv, body: { $id: SCENE, status: 'planned' } })).toMatchObject({ event: 'scene.layout-kept' });
    expect(inv.store.scene(SCENE)).toMatchObject({ status: 'rendered', code_file_id: 'code1', layout_kept: null });
  });

  it('never fails a scene that rendered: a repair whose execution is lost settles on the kept clip at the sweep', async () => {
    const inv = setup();
    await renderScene({ renderer: renderer([overlap]) })(inv);
    const first = inv.store.scene(SCENE);
    // code-scene claimed the repair and died: the scene sits in coding past its lease.
    inv.store.write('scenes', SCENE, { status: 'coding', attempt: 3, lease_until: '2026-03-01T09:00:00.000Z' });
    await sweepStuck()({ ...inv, trigger: 'schedule', body: {} });
    expect(inv.store.scene(SCENE)).toMatchObject({ status: 'rendered', code_file_id: 'code1', video_file_id: first.video_file_id, layout_kept: null });
  });

  it('with LAYOUT_REPAIR_ATTEMPTS=0 keeps the first attempt and its findings', async () => {
    const inv = setup({ LAYOUT_REPAIR_ATTEMPTS: '0' });
    expect(await renderScene({ renderer: renderer([overlap]) })(inv)).toMatchObject({ event: 'scene.rendered', fields: { defects: 1 } });
    expect(inv.store.scene(SCENE)).toMatchObject({ status: 'rendered', layout_kept: null });
    expect(decodeFindings(inv.store.scene(SCENE).layout_findings)).toEqual([overlap]);
  });

  it('repairs no further than its rounds, and not on the last attempt', async () => {
    const inv = setup();
    await renderScene({ renderer: renderer([overlap]) })(inv);
    await repair(inv);
    // Round 1 done and still defective: LAYOUT_REPAIR_ATTEMPTS=1 stops here.
    expect(await renderScene({ renderer: renderer([overlap]) })({ ...inv, body: { $id: SCENE, status: 'coded' } })).toMatchObject({ event: 'scene.rendered' });

    const last = setup({}, { attempt: 3 });
    expect(await renderScene({ renderer: renderer([overlap]) })(last)).toMatchObject({ event: 'scene.rendered', fields: { defects: 1 } });
  });

  it('does not repair findings that are not defects (too small, low contrast), and stores [] for a clean clip', async () => {
    const inv = setup();
    expect(await renderScene({ renderer: renderer([tiny]) })(inv)).toMatchObject({ event: 'scene.rendered', fields: { findings: 1, defects: 0 } });
    const clean = setup();
    await renderScene({ renderer: renderer([]) })(clean);
    expect(clean.store.scene(SCENE).layout_findings).toBe('[]');
  });
});
