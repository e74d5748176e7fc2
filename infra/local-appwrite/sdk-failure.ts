/** For tests: the Appwrite error a call fails with (code, type, message); throws if it succeeds. */
export async function failure(p: Promise<unknown>): Promise<{ code: number; type: string; message: string }> {
  try {
    await p;
  } catch (err) {
    const e = err as { code: number; type: string; message: string };
    return { code: e.code, type: e.type, message: e.message };
  }
  throw new Error('expected the call to fail');
}
