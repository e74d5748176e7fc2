import { Client, ExecutionMethod, Functions } from 'node-appwrite';
import type { WriteBack } from '../../shared/src/render/worker-wire.js';

/** Where the worker reports finished jobs: an Appwrite project and a key holding `execution.write`. */
export type AppwriteTarget = { endpoint: string; projectId: string; key: string };

export type Trigger = (functionId: string, body: WriteBack) => Promise<void>;

const ATTEMPTS = 4;

/**
 * The write-back: an asynchronous execution of the function that submitted the job
 * (`POST /v1/functions/{id}/executions`, `async: true`), retried a few times with backoff.
 * Appwrite 1.8.1 guards that route with the `execution.write` scope and lets an API key past
 * the function's `execute` permission (Functions/Http/Executions/Create.php; shared/api.php
 * turns authorization off for app keys), so the function itself stays `execute: []`.
 * A write-back that never arrives is recovered by the scene's lease (sweep-stuck).
 */
export function appwriteTrigger(target: AppwriteTarget, log: (event: string, fields?: Record<string, unknown>) => void, pauseMs = 1_000): Trigger {
  const functions = new Functions(new Client().setEndpoint(target.endpoint).setProject(target.projectId).setKey(target.key));
  return async (functionId, body) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await functions.createExecution({ functionId, body: JSON.stringify(body), async: true, xpath: '/', method: ExecutionMethod.POST });
        log('job.written-back', { jobId: body.renderJob.id, functionId, attempt });
        return;
      } catch (err) {
        // The SDK's message names the route and Appwrite's error, never the key.
        const message = err instanceof Error ? err.message : String(err);
        if (attempt >= ATTEMPTS) {
          log('job.write-back-failed', { jobId: body.renderJob.id, functionId, attempt, error: message });
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, pauseMs * 4 ** (attempt - 1)));
      }
    }
  };
}
