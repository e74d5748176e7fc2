import type { RenderProcess } from './render-process.js';

/**
 * Render processes prepared ahead of demand: up to `size` sandboxed interpreters that have
 * already imported Manim, each in its own fresh job directory and sandbox, waiting for one
 * job. A job takes one (or, when none is left, a fresh one is started for it); a used process
 * is never returned, so jobs share nothing but the read-only venv. Spares and running jobs
 * together stay within `size`: a replacement starts when a job ends, not when it begins.
 * Preparing ahead while every slot renders only moves the import's CPU onto the cores the
 * renders are using (measured: a 4-scene video on 2 cores finished later that way than with
 * no spares at all); once a slot is free, the import uses the idle core instead.
 * With `size` 0 every job starts its own process on demand: the same path, only colder.
 */
export class WarmPool {
  private readonly spares: Promise<RenderProcess | null>[] = [];
  private readonly live = new Set<RenderProcess>();
  /** processes handed to a job and not yet released */
  private readonly running = new Set<RenderProcess>();
  private closed = false;
  private readonly onExit = () => { for (const proc of this.live) proc.disposeSync(); };

  constructor(
    readonly size: number,
    /** Starts a render process; `ahead` when no job is waiting for it yet. */
    private readonly prepare: (ahead: boolean) => Promise<RenderProcess>,
  ) {
    // Spares live as long as this host; if it exits without closing the pool, their
    // sandboxes die with it (--die-with-parent) and this removes their job directories.
    if (size > 0) process.on('exit', this.onExit);
    this.refill();
  }

  /** A process waiting for its job: a prepared one when there is one, else a new one. */
  async take(): Promise<RenderProcess> {
    if (this.closed) throw new Error('the render pool is closed');
    while (this.spares.length > 0) {
      const spare = await this.spares.shift()!;
      if (spare?.idle) return this.taken(spare);
      // Died while waiting (killed from outside, or its start failed): never hand that out.
      if (spare) await this.release(spare);
    }
    return this.taken(await this.prepare(false));
  }

  /** Removes a used (or unusable) process and its job directory. */
  async release(proc: RenderProcess): Promise<void> {
    this.live.delete(proc);
    if (this.running.delete(proc)) this.refill();
    await proc.dispose();
  }

  /** Kills the spares and removes their job directories; jobs already taken finish on their own. */
  async close(): Promise<void> {
    this.closed = true;
    process.off('exit', this.onExit);
    const spares = await Promise.all(this.spares.splice(0));
    await Promise.all(spares.filter((p): p is RenderProcess => p !== null).map((p) => this.release(p)));
  }

  /** Resolves once every spare started so far has imported Manim (or died trying). */
  async ready(): Promise<void> {
    const spares = await Promise.all([...this.spares]);
    await Promise.all(spares.map((p) => p?.ready));
  }

  /** How many spares are waiting (started, ready or not). */
  get waiting(): number {
    return this.spares.length;
  }

  private owned(proc: RenderProcess): RenderProcess {
    this.live.add(proc);
    return proc;
  }

  private taken(proc: RenderProcess): RenderProcess {
    this.running.add(proc);
    return this.owned(proc);
  }

  private refill(): void {
    while (!this.closed && this.spares.length + this.running.size < this.size) {
      // A failed start is reported by the job that would have used it, through take()'s fallback.
      this.spares.push(this.prepare(true).then((p) => this.owned(p), () => null));
    }
  }
}
