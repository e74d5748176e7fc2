import { batchRoom } from '../../shared/src/limits/in-flight.js';

export type BatchQueuePorts = {
  /** Creates one video of the batch; answers its row id. */
  create(topic: string): Promise<string>;
  /** The status of a created video as the live rows know it (undefined: not seen yet, counted unfinished). */
  statusOf(id: string): string | undefined;
  /** Calls the listener on every change of the live rows; answers the unsubscribe. */
  onChange(listener: () => void): () => void;
};

/**
 * Creates a batch's videos at most `inFlight` unfinished at a time (the rule the CLI's
 * `batch --in-flight` keeps), the rest as earlier ones finish. Resolves once every topic is
 * created; rejects with the first creation that fails (the topics after it are not created).
 */
export function runBatchQueue(topics: readonly string[], inFlight: number, ports: BatchQueuePorts): { created: Promise<string[]>; started: Promise<void> } {
  const waiting = [...topics];
  const ids: string[] = [];
  let busy = false;
  // A change while a creation is under way is looked at once it is done, never dropped.
  let again = false;
  let settle!: { resolve: (ids: string[]) => void; reject: (err: unknown) => void };
  const created = new Promise<string[]>((resolve, reject) => (settle = { resolve, reject }));
  let stop = () => {};
  const topUp = async () => {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      do {
        again = false;
        while (waiting.length && batchRoom(ids.map((id) => ({ status: ports.statusOf(id) ?? 'queued' })), inFlight) > 0) {
          ids.push(await ports.create(waiting.shift()!));
        }
      } while (again && waiting.length);
    } catch (err) {
      waiting.length = 0;
      stop();
      settle.reject(err);
      return;
    } finally {
      busy = false;
    }
    if (!waiting.length) {
      stop();
      settle.resolve(ids);
    }
  };
  stop = ports.onChange(() => void topUp());
  const started = topUp();
  return { created, started };
}
