// Appwrite's error shape, as every SDK parses it: `{ message, code, type, version }`.
// Throw an AppwriteError anywhere in a handler; the router turns it into that JSON.
export const APPWRITE_VERSION = '1.8.0';

export class AppwriteError extends Error {
  constructor(
    readonly code: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = 'AppwriteError';
  }

  toJSON(): { message: string; code: number; type: string; version: string } {
    return { message: this.message, code: this.code, type: this.type, version: APPWRITE_VERSION };
  }
}

export const notFound = (type: string, message: string): AppwriteError => new AppwriteError(404, type, message);
export const badRequest = (type: string, message: string): AppwriteError => new AppwriteError(400, type, message);
export const unauthorized = (message = 'The current user is not authorized to perform the requested action.'): AppwriteError =>
  new AppwriteError(401, 'user_unauthorized', message);
