import { batchTopUp } from '../../shared/src/limits/in-flight.js';

export type BatchQueuePorts = {
  /** Creates one video of the batch; answers its row id. */
  create(topic: string): Promise<string>;
  /** The status of a created video as the live rows know it (undefined: not seen yet, counted unfinished). */
  statusOf(id: string): string | undefined;
  /** Calls the listener on every change of the live rows; answers the unsubscribe. */
  onChange(listener: () => void): () => void;
};

/**
 * Creates a batch's videos at most `inFlight` unfinished at a time (the CLI's `batch
 * --in-flight` rule, `batchTopUp`), the rest as earlier ones finish. `created` resolves once
 * every topic is created; it rejects with the first creation that fails (the topics after it
 * are not created). `started` settles after the first round of creations.
 */
export function runBatchQueue(topics: readonly string[], inFlight: number, ports: BatchQueuePorts): { created: Promise<string[]>; started: Promise<void> } {
  const waiting = [...topics];
  const ids: string[] = [];
  const topUp = batchTopUp(waiting, () => ids.map((id) => ({ status: ports.statusOf(id) ?? 'queued' })), inFlight, async (topic) => {
    ids.push(await ports.create(topic));
  });
  let settle!: { resolve: (ids: string[]) => void; reject: (err: unknown) => void };
  const created = new Promise<string[]>((resolve, reject) => (settle = { resolve, reject }));
  const round = () => topUp().then(
    () => {
      if (waiting.length) return;
      stop();
      settle.resolve(ids);
    },
    (err: unknown) => {
      stop();
      settle.reject(err);
    },
  );
  const stop = ports.onChange(() => void round());
  const started = round();
  return { created, started };
}
