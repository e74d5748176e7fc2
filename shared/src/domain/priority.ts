import { z } from 'zod';

/** How soon a video's work should run where work waits (the runtime's pool, the render worker's queue). */
export const Priority = z.enum(['low', 'normal', 'high']);
export type Priority = z.infer<typeof Priority>;

const rank: Record<Priority, number> = { low: 0, normal: 1, high: 2 };

/** A row's or job's priority; anything missing or unknown is `normal`. */
export function priorityOf(value: unknown): Priority {
  const parsed = Priority.safeParse(value);
  return parsed.success ? parsed.data : 'normal';
}

/**
 * Waiting time that is worth one priority level. Nothing starves: a waiter gains a level for
 * every AGING_MS it has waited, so low work that waited two periods goes before high work that
 * just arrived, and a steady stream of high work delays normal work by at most one period.
 */
export const AGING_MS = 30_000;

type Waiter<T> = { item: T; rank: number; since: number; seq: number };

/** Waiters taken highest effective priority first (rank plus age), first come first within a level. */
export class PriorityQueue<T> {
  private readonly waiters: Waiter<T>[] = [];
  private seq = 0;

  constructor(private readonly clock: () => number = Date.now) {}

  get length(): number {
    return this.waiters.length;
  }

  push(item: T, priority: Priority = 'normal'): void {
    this.waiters.push({ item, rank: rank[priority], since: this.clock(), seq: this.seq++ });
  }

  shift(): T | undefined {
    if (this.waiters.length === 0) return undefined;
    const now = this.clock();
    const score = (w: Waiter<T>) => w.rank + Math.floor((now - w.since) / AGING_MS);
    let best = 0;
    for (let i = 1; i < this.waiters.length; i++) {
      const a = this.waiters[i]!, b = this.waiters[best]!;
      if (score(a) > score(b) || (score(a) === score(b) && a.seq < b.seq)) best = i;
    }
    return this.waiters.splice(best, 1)[0]!.item;
  }
}
