import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeFindings, encodeFindings, LAYOUT_FINDINGS_CHARS, type LayoutFinding } from '../domain/layout-findings.js';
import { readLayoutReport } from './layout-report.js';

// The report is written next to what the scene's own code can touch, so it is read as untrusted.
let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'layout-report-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

const finding = (kind: LayoutFinding['kind'], message = 'move it'): LayoutFinding => ({ kind, t: 1, line: 7, objects: ['Text("a") (line 7)'], message });
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);

describe('readLayoutReport', () => {
  it('reads the findings, the check time and a PNG thumbnail', async () => {
    await writeFile(join(dir, 'layout.json'), JSON.stringify({ findings: [finding('overlap')], check_seconds: 0.02 }));
    await writeFile(join(dir, 'thumbnail.png'), PNG);
    expect(await readLayoutReport(dir)).toEqual({ findings: [finding('overlap')], thumbnail: PNG, checkSeconds: 0.02 });
  });

  it('drops findings it cannot read, one by one, and a thumbnail that is not a PNG', async () => {
    await writeFile(join(dir, 'layout.json'), JSON.stringify({ findings: [finding('overlap'), { kind: 'made_up', t: 1 }, 'text'] }));
    await writeFile(join(dir, 'thumbnail.png'), 'GIF89a');
    expect(await readLayoutReport(dir)).toEqual({ findings: [finding('overlap')], thumbnail: null, checkSeconds: 0 });
  });

  it('reads a missing or garbled report as clean, and never follows a link out of the job', async () => {
    expect(await readLayoutReport(dir)).toEqual({ findings: [], thumbnail: null, checkSeconds: 0 });
    await writeFile(join(dir, 'layout.json'), '{"findings": [');
    await writeFile(join(dir, 'elsewhere.png'), PNG);
    await symlink(join(dir, 'elsewhere.png'), join(dir, 'thumbnail.png'));
    expect(await readLayoutReport(dir)).toEqual({ findings: [], thumbnail: null, checkSeconds: 0 });
  });
});

describe('the layout_findings column', () => {
  it('keeps defects first and fits its column however many findings there are', () => {
    const many = [...Array.from({ length: 30 }, () => finding('too_small', 'x'.repeat(590))), finding('overlap')];
    const text = encodeFindings(many);
    expect(text.length).toBeLessThanOrEqual(LAYOUT_FINDINGS_CHARS);
    expect(decodeFindings(text)[0]!.kind).toBe('overlap');
    expect(encodeFindings([])).toBe('[]');
    expect(decodeFindings('not json')).toEqual([]);
  });
});
