// The core seam of the local stack; see runtime-seam.ts for how the runtime plugs in.
export { AppwriteError, APPWRITE_VERSION } from './errors.js';
export { Router, type Handler, type RequestContext, type UploadedFile } from './router.js';
export { createAuthResolver, hasScope, requireScope, authRoles, userRoles, guestAuth, sessionCookieName, type Auth, type ResolveAuth } from './auth.js';
export { Keys, ALL_SCOPES, DEV_API_KEY } from './keys.js';
export { ChangeBus, type Change, type ChangeListener } from './bus.js';
export type { RuntimeContext, RuntimeHandle, AttachRuntime } from './runtime-seam.js';
