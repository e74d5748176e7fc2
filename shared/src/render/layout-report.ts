import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { LayoutFinding } from '../domain/layout-findings.js';

/** What the layout check (shared/python/layout_check.py) left in the job directory, read back after the render. */
export type LayoutReport = {
  findings: LayoutFinding[];
  /** A PNG of the frame that showed the most text, or null when the scene drew none. */
  thumbnail: Buffer | null;
  /** Seconds the check itself took inside the render (for the bench). */
  checkSeconds: number;
};

const REPORT_FILE = 'layout.json';
const THUMBNAIL_FILE = 'thumbnail.png';
const REPORT_MAX_BYTES = 256 * 1024;
const THUMBNAIL_MAX_BYTES = 4 * 1024 * 1024;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// The scene's own code wrote these files' neighbours, so the report is read as untrusted:
// bounded in size, validated, findings it cannot read dropped one by one.
const RawReport = z.object({ findings: z.array(z.unknown()).max(200), check_seconds: z.number().nonnegative().optional() });

/** The check's findings and thumbnail; a render without them (a check that crashed) reads as clean and pictureless. */
export async function readLayoutReport(jobDir: string): Promise<LayoutReport> {
  const raw = await readBounded(join(jobDir, REPORT_FILE), REPORT_MAX_BYTES);
  let findings: LayoutFinding[] = [];
  let checkSeconds = 0;
  if (raw) {
    try {
      const report = RawReport.parse(JSON.parse(raw.toString('utf8')));
      findings = report.findings.flatMap((f) => {
        const parsed = LayoutFinding.safeParse(f);
        return parsed.success ? [parsed.data] : [];
      });
      checkSeconds = report.check_seconds ?? 0;
    } catch {
      findings = [];
    }
  }
  const png = await readBounded(join(jobDir, THUMBNAIL_FILE), THUMBNAIL_MAX_BYTES);
  const thumbnail = png && png.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE) ? png : null;
  return { findings, thumbnail, checkSeconds };
}

async function readBounded(path: string, limit: number): Promise<Buffer | null> {
  try {
    // lstat: a link planted by the scene must not make us read a file outside the job.
    const info = await lstat(path);
    if (!info.isFile() || info.size > limit) return null;
    return await readFile(path);
  } catch {
    return null;
  }
}
