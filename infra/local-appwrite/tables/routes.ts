import type { RequestContext, Router } from '../core/router.js';
import type { Rows } from './rows.js';

export type RowServices = { tables: Rows; collections: Rows };

// Row routes of both API families over the same data:
//   TablesDB  /v1/tablesdb/:db/tables/:table/rows[...]
//   legacy    /v1/databases/:db/collections/:collection/documents[...]

type Family = { service: keyof RowServices; base: string; table: string; item: string; id: string; column: string; bulk: string };

const FAMILIES: Family[] = [
  { service: 'tables', base: '/v1/tablesdb/:databaseId/tables/:tableId/rows', table: 'tableId', item: ':rowId', id: 'rowId', column: ':column', bulk: 'rows' },
  { service: 'collections', base: '/v1/databases/:databaseId/collections/:tableId/documents', table: 'tableId', item: ':rowId', id: 'documentId', column: ':column', bulk: 'documents' },
];

export function registerRowRoutes(router: Router, services: RowServices): void {
  for (const f of FAMILIES) {
    const rows = services[f.service];
    const one = `${f.base}/${f.item}`;
    const p = (ctx: RequestContext) => ({ db: ctx.params.databaseId!, table: ctx.params.tableId!, row: ctx.params.rowId! });
    const stamp = (ctx: RequestContext) => ctx.header('x-appwrite-timestamp') || undefined;

    router.add('GET', f.base, (ctx) => {
      const { db, table } = p(ctx);
      return rows.list(ctx.auth, db, table, ctx.query.queries, ctx.query.total !== 'false');
    });
    router.add('POST', f.base, (ctx) => {
      const { db, table } = p(ctx);
      if (ctx.body[f.bulk] !== undefined) return ctx.json(rows.createMany(ctx.auth, db, table, ctx.body[f.bulk]), 201);
      ctx.json(rows.create(ctx.auth, db, table, { rowId: ctx.body[f.id], data: ctx.body.data, permissions: ctx.body.permissions }), 201);
    });
    router.add('PUT', f.base, (ctx) => {
      const { db, table } = p(ctx);
      return rows.upsertMany(ctx.auth, db, table, ctx.body[f.bulk]);
    });
    router.add('PATCH', f.base, (ctx) => {
      const { db, table } = p(ctx);
      return rows.updateMany(ctx.auth, db, table, ctx.body.data, ctx.body.queries);
    });
    router.add('DELETE', f.base, (ctx) => {
      const { db, table } = p(ctx);
      return rows.deleteMany(ctx.auth, db, table, ctx.body.queries ?? ctx.query.queries);
    });
    router.add('GET', one, (ctx) => {
      const { db, table, row } = p(ctx);
      return rows.get(ctx.auth, db, table, row, ctx.query.queries);
    });
    router.add('PATCH', one, (ctx) => {
      const { db, table, row } = p(ctx);
      return rows.update(ctx.auth, db, table, row, { data: ctx.body.data, permissions: ctx.body.permissions }, stamp(ctx));
    });
    router.add('PUT', one, (ctx) => {
      const { db, table, row } = p(ctx);
      return rows.upsert(ctx.auth, db, table, row, { data: ctx.body.data, permissions: ctx.body.permissions }, stamp(ctx));
    });
    router.add('DELETE', one, (ctx) => {
      const { db, table, row } = p(ctx);
      rows.delete(ctx.auth, db, table, row, stamp(ctx));
    });
    router.add('PATCH', `${one}/${f.column}/increment`, (ctx) => {
      const { db, table, row } = p(ctx);
      return rows.increment(ctx.auth, db, table, row, ctx.params.column!, numberParam(ctx.body.value, 1), nullableNumber(ctx.body.max));
    });
    router.add('PATCH', `${one}/${f.column}/decrement`, (ctx) => {
      const { db, table, row } = p(ctx);
      return rows.increment(ctx.auth, db, table, row, ctx.params.column!, -numberParam(ctx.body.value, 1), nullableNumber(ctx.body.min));
    });
  }
}

function numberParam(value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  return typeof value === 'number' ? value : Number(value);
}

function nullableNumber(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'number' ? value : Number(value);
}
