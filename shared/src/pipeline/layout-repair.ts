import { z } from 'zod';
import type { ScenePatch, SceneRecord } from '../appwrite/records.js';
import type { Store } from '../appwrite/store.js';
import { decodeFindings, defectCount, describeFindings, LAYOUT_DEFECTS, type LayoutFinding } from '../domain/layout-findings.js';
import { moveScene } from './claim.js';

/**
 * The layout loop. A scene that rendered with layout defects (out of frame, overlapping
 * text) goes back to code-scene with the findings, while its clip stays on the row; the
 * next render keeps whichever attempt has fewer defects. A scene that rendered never fails
 * because of the loop: whatever goes wrong in a repair settles on the kept attempt.
 *
 * While a repair is under way the row holds the kept attempt's clip, thumbnail and
 * findings as usual, and `layout_kept` says which code made them and how many rounds ran.
 */
export const LayoutKept = z.object({
  codeFileId: z.string().min(1),
  codeUrl: z.string(),
  repairs: z.number().int().min(1),
});
export type LayoutKept = z.infer<typeof LayoutKept>;

export function decodeKept(text: string | null | undefined): LayoutKept | null {
  if (!text) return null;
  try {
    const parsed = LayoutKept.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export type Attempt = { findings: LayoutFinding[] };

/** Fewer defects wins; on a tie the earlier attempt stays (the repair did not help). */
export function newAttemptWins(kept: Attempt, candidate: Attempt): boolean {
  return defectCount(candidate.findings) < defectCount(kept.findings);
}

/** Whether an attempt with these findings gets another round of code. */
export function wantsRepair(findings: readonly LayoutFinding[], roundsDone: number, roundsAllowed: number, attemptsRemain: boolean): boolean {
  return defectCount(findings) > 0 && roundsDone < roundsAllowed && attemptsRemain;
}

/** The error text the next code prompt gets: the defects only, one line each. */
export function repairMessage(findings: readonly LayoutFinding[]): string {
  const defects = findings.filter((f) => (LAYOUT_DEFECTS as readonly string[]).includes(f.kind));
  return `the scene rendered, but its layout has ${defects.length} defect(s):\n${describeFindings(defects)}`;
}

/**
 * A repair attempt failed (no code, bad code, a crash): the scene goes back to `rendered`
 * with the attempt it kept. Answers false when the scene holds no kept attempt, so the
 * caller's ordinary failure path runs.
 */
export async function settleOnKept(store: Store, scene: SceneRecord): Promise<{ settled: boolean; moved: boolean }> {
  const kept = decodeKept(scene.layout_kept);
  if (!kept || !scene.video_file_id) return { settled: false, moved: false };
  const patch: ScenePatch = {
    code_file_id: kept.codeFileId,
    code_url: kept.codeUrl,
    layout_kept: null,
    error_class: null,
    error_message: null,
    lease_until: null,
    pipeline_retry: false,
  };
  const moved = await moveScene(store, scene, 'rendered', patch);
  return { settled: true, moved: moved !== null };
}

/** The kept attempt's findings, as the row holds them. */
export function keptAttempt(scene: SceneRecord): Attempt {
  return { findings: decodeFindings(scene.layout_findings) };
}
