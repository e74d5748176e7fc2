import type { Router } from '../core/router.js';
import type { FileTokens } from './file-tokens.js';

// /v1/tokens[...]: file tokens as Appwrite 1.8.1 routes them
// (src/Appwrite/Platform/Modules/Tokens/Http/Tokens/{Buckets/Files/Create,Buckets/Files/XList,Get,Update,Delete}.php).
export function registerTokenRoutes(router: Router, tokens: FileTokens): void {
  const file = '/v1/tokens/buckets/:bucketId/files/:fileId';
  router.add('POST', file, (ctx) => ctx.json(tokens.create(ctx.auth, ctx.params.bucketId!, ctx.params.fileId!, ctx.body.expire), 201));
  router.add('GET', file, (ctx) => tokens.list(ctx.auth, ctx.params.bucketId!, ctx.params.fileId!, ctx.query.queries));
  router.add('GET', '/v1/tokens/:tokenId', (ctx) => tokens.get(ctx.auth, ctx.params.tokenId!));
  router.add('PATCH', '/v1/tokens/:tokenId', (ctx) => tokens.update(ctx.auth, ctx.params.tokenId!, ctx.body.expire));
  router.add('DELETE', '/v1/tokens/:tokenId', (ctx) => {
    tokens.delete(ctx.auth, ctx.params.tokenId!);
    ctx.noContent();
  });
}
