import { AppwriteException, ID, type Models } from 'appwrite';
import type { Backend } from './backend.js';

export type Who = { id: string; label: string; anonymous: boolean };

function who(user: Models.User<Models.Preferences>): Who {
  const anonymous = !user.email;
  return { id: user.$id, label: anonymous ? 'Guest' : user.name || user.email, anonymous };
}

/** The signed-in user, starting an anonymous session on the first visit. */
export async function ensureSession(backend: Backend): Promise<Who> {
  try {
    return who(await backend.account.get());
  } catch (error) {
    if (!(error instanceof AppwriteException) || error.code !== 401) throw error;
  }
  await backend.account.createAnonymousSession();
  return who(await backend.account.get());
}

async function dropCurrentSession(backend: Backend): Promise<void> {
  try {
    await backend.account.deleteSession({ sessionId: 'current' });
  } catch (error) {
    // No session to drop is the state we want.
    if (!(error instanceof AppwriteException) || error.code !== 401) throw error;
  }
}

export async function signIn(backend: Backend, email: string, password: string): Promise<void> {
  await dropCurrentSession(backend);
  await backend.account.createEmailPasswordSession({ email, password });
}

export async function signUp(backend: Backend, email: string, password: string): Promise<void> {
  await dropCurrentSession(backend);
  await backend.account.create({ userId: ID.unique(), email, password });
  await backend.account.createEmailPasswordSession({ email, password });
}

export async function signOut(backend: Backend): Promise<void> {
  await dropCurrentSession(backend);
}
