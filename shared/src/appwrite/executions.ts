import type { Functions } from 'node-appwrite';

/**
 * Starting another function's execution: how sweep-stuck re-delivers an event that was lost.
 * A port, so the sweeper's choices are tested without a runtime.
 */
export type Executions = {
  /** Queues an asynchronous execution of `functionId` with `body` as its request body. */
  start(functionId: string, body: Record<string, unknown>): Promise<void>;
};

export function createExecutions(functions: Functions): Executions {
  return {
    async start(functionId, body) {
      await functions.createExecution({ functionId, body: JSON.stringify(body), async: true });
    },
  };
}
