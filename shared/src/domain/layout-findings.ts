import { z } from 'zod';

/**
 * What the layout check (shared/python/layout_check.py) found on screen while a scene
 * rendered. Stored on the scene row as `layout_findings` (JSON text, `[]` when clean).
 */
export const LayoutFindingKind = z.enum(['out_of_frame', 'overlap', 'too_small', 'low_contrast']);
export type LayoutFindingKind = z.infer<typeof LayoutFindingKind>;

export const LayoutFinding = z.object({
  kind: LayoutFindingKind,
  /** Seconds into the scene when it was first seen. */
  t: z.number().nonnegative(),
  /** The scene-file line that created the (last) object involved; 0 when unknown. */
  line: z.number().int().nonnegative(),
  objects: z.array(z.string().max(200)).max(4),
  message: z.string().max(600),
});
export type LayoutFinding = z.infer<typeof LayoutFinding>;

/** Kinds that send a scene back for new code; the others are shown, not repaired. */
export const LAYOUT_DEFECTS = ['out_of_frame', 'overlap'] as const satisfies readonly LayoutFindingKind[];

/** How many findings a row keeps; the JSON column is sized for this many at full length. */
export const MAX_STORED_FINDINGS = 12;
/** The `layout_findings` column's size in appwrite.json. */
export const LAYOUT_FINDINGS_CHARS = 10_000;

export function defectCount(findings: readonly LayoutFinding[]): number {
  return findings.filter((f) => (LAYOUT_DEFECTS as readonly string[]).includes(f.kind)).length;
}

/** Findings as the row stores them: defects first, capped so the JSON fits the column. */
export function encodeFindings(findings: readonly LayoutFinding[]): string {
  const ordered = [...findings].sort((a, b) => Number(isDefect(b)) - Number(isDefect(a)));
  for (let n = Math.min(ordered.length, MAX_STORED_FINDINGS); n >= 0; n -= 1) {
    const text = JSON.stringify(ordered.slice(0, n));
    if (text.length <= LAYOUT_FINDINGS_CHARS) return text;
  }
  return '[]';
}

/** The row's column back as findings; anything unreadable reads as none. */
export function decodeFindings(text: string | null | undefined): LayoutFinding[] {
  if (!text) return [];
  try {
    const parsed = z.array(LayoutFinding).safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** One line per finding, the form people and the next code prompt read. */
export function describeFindings(findings: readonly LayoutFinding[]): string {
  return findings.map((f) => `${f.kind} at ${f.t.toFixed(1)} s${f.line > 0 ? `, line ${f.line}` : ''}: ${f.message}`).join('\n');
}

function isDefect(f: LayoutFinding): boolean {
  return (LAYOUT_DEFECTS as readonly string[]).includes(f.kind);
}
