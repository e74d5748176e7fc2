import { Cron } from 'croner';
import type { FunctionRecord } from './function-registry.js';

// The two clocks that start executions: each function's cron `schedule` (UTC, as on
// Appwrite), and one-off executions created with `scheduledAt`.

export class Schedules {
  private readonly crons = new Map<string, Cron>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly o: { enabled: boolean; log: (line: string) => void }) {}

  /** Replaces every cron job with the schedules of `functions`; `fire` is called with the function's id. */
  follow(functions: FunctionRecord[], fire: (functionId: string) => void): void {
    for (const cron of this.crons.values()) cron.stop();
    this.crons.clear();
    if (!this.o.enabled || this.closed) return;
    for (const fn of functions) {
      if (!fn.enabled || !fn.schedule.trim()) continue;
      try {
        this.crons.set(fn.$id, new Cron(fn.schedule, { timezone: 'UTC', protect: false }, () => fire(fn.$id)));
      } catch (err) {
        this.o.log(`function.schedule_invalid ${fn.$id} "${fn.schedule}": ${(err as Error).message}`);
      }
    }
  }

  /** Calls `fire` at `at` (a later restart re-arms from the stored record). */
  at(at: number, fire: () => void): void {
    // setTimeout holds at most ~24.8 days; a later date is re-checked when that fires.
    const delay = Math.min(Math.max(0, at - Date.now()), 2 ** 31 - 1);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.closed) return;
      if (Date.now() < at) return this.at(at, fire);
      fire();
    }, delay);
    this.timers.add(timer);
  }

  close(): void {
    this.closed = true;
    for (const cron of this.crons.values()) cron.stop();
    this.crons.clear();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
