import type { SceneRecord } from '../appwrite/records.js';
import { bucketIds, type Store } from '../appwrite/store.js';
import { parseAttemptLog } from './attempt-log.js';

/**
 * What the next code attempt is told about the last one: its code and its error (the
 * traceback tail from the attempt's log file). Missing pieces make it a plain attempt.
 */
export async function previousAttempt(store: Store, scene: SceneRecord): Promise<{ code: string; error: string; layout?: true } | undefined> {
  if (!scene.error_message) return undefined;
  let error = scene.error_message;
  let code: string | undefined;
  if (scene.error_log_id) {
    try {
      const parsed = parseAttemptLog((await store.readFile(bucketIds.logs, scene.error_log_id)).toString('utf8'));
      error = parsed.error || error;
      code = parsed.code;
    } catch {
      // The log is a convenience; the row's error message still carries the gist.
    }
  }
  if (code === undefined && scene.code_file_id) {
    try {
      code = (await store.readFile(bucketIds.code, scene.code_file_id)).toString('utf8');
    } catch {
      code = undefined;
    }
  }
  if (code === undefined) return undefined;
  // A layout repair: the code rendered; the error is the layout check's findings.
  return { code, error: error.slice(-4000), ...(scene.error_class === 'layout' ? { layout: true as const } : {}) };
}
