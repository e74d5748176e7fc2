import type { Db } from '../store/sqlite.js';

// The runtime's own tables in the stack's SQLite file (prefixed `runtime_`): executions,
// functions created or updated through the API, their deployments and variables. Every
// record is the JSON the REST API answers with, so reads need no mapping.

export type Json = Record<string, unknown>;

export class RuntimeStore {
  private readonly stmts;

  constructor(private readonly db: Db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS runtime_executions (id TEXT PRIMARY KEY, function_id TEXT NOT NULL, seq INTEGER NOT NULL, status TEXT NOT NULL, json TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS runtime_executions_by_fn ON runtime_executions (function_id, seq);
      CREATE TABLE IF NOT EXISTS runtime_functions (id TEXT PRIMARY KEY, json TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS runtime_deployments (id TEXT PRIMARY KEY, function_id TEXT NOT NULL, seq INTEGER NOT NULL, json TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS runtime_variables (id TEXT PRIMARY KEY, function_id TEXT NOT NULL, seq INTEGER NOT NULL, json TEXT NOT NULL);
    `);
    this.stmts = {
      putExecution: db.prepare(
        `INSERT INTO runtime_executions (id, function_id, seq, status, json) VALUES (@id, @fn, (SELECT COALESCE(MAX(seq), 0) + 1 FROM runtime_executions), @status, @json)
         ON CONFLICT(id) DO UPDATE SET status = excluded.status, json = excluded.json`,
      ),
      getExecution: db.prepare('SELECT json FROM runtime_executions WHERE id = ?'),
      listExecutions: db.prepare('SELECT json FROM runtime_executions WHERE function_id = ? ORDER BY seq'),
      unfinished: db.prepare(`SELECT json FROM runtime_executions WHERE status IN ('waiting', 'processing')`),
      scheduled: db.prepare(`SELECT json FROM runtime_executions WHERE status = 'scheduled'`),
      putFunction: db.prepare('INSERT INTO runtime_functions (id, json) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET json = excluded.json'),
      listFunctions: db.prepare('SELECT json FROM runtime_functions ORDER BY rowid'),
      deleteFunction: db.prepare('DELETE FROM runtime_functions WHERE id = ?'),
      putDeployment: db.prepare(
        `INSERT INTO runtime_deployments (id, function_id, seq, json) VALUES (@id, @fn, (SELECT COALESCE(MAX(seq), 0) + 1 FROM runtime_deployments), @json)
         ON CONFLICT(id) DO UPDATE SET json = excluded.json`,
      ),
      getDeployment: db.prepare('SELECT json FROM runtime_deployments WHERE id = ? AND function_id = ?'),
      listDeployments: db.prepare('SELECT json FROM runtime_deployments WHERE function_id = ? ORDER BY seq'),
      putVariable: db.prepare(
        `INSERT INTO runtime_variables (id, function_id, seq, json) VALUES (@id, @fn, (SELECT COALESCE(MAX(seq), 0) + 1 FROM runtime_variables), @json)
         ON CONFLICT(id) DO UPDATE SET json = excluded.json`,
      ),
      getVariable: db.prepare('SELECT json FROM runtime_variables WHERE id = ? AND function_id = ?'),
      listVariables: db.prepare('SELECT json FROM runtime_variables WHERE function_id = ? ORDER BY seq'),
      deleteVariable: db.prepare('DELETE FROM runtime_variables WHERE id = ? AND function_id = ?'),
    };
  }

  putExecution(execution: Json & { $id: string; functionId: string; status: string }): void {
    this.stmts.putExecution.run({ id: execution.$id, fn: execution.functionId, status: execution.status, json: JSON.stringify(execution) });
  }

  getExecution(id: string): Json | undefined {
    return parse(this.stmts.getExecution.get(id));
  }

  listExecutions(functionId: string): Json[] {
    return parseAll(this.stmts.listExecutions.all(functionId));
  }

  /** Executions left `waiting`/`processing` by a stack that stopped. */
  unfinishedExecutions(): Json[] {
    return parseAll(this.stmts.unfinished.all());
  }

  /** Executions waiting for their `scheduledAt`. */
  scheduledExecutions(): Json[] {
    return parseAll(this.stmts.scheduled.all());
  }

  putFunction(fn: Json & { $id: string }): void {
    this.stmts.putFunction.run(fn.$id, JSON.stringify(fn));
  }

  listFunctions(): Json[] {
    return parseAll(this.stmts.listFunctions.all());
  }

  deleteFunction(id: string): void {
    this.stmts.deleteFunction.run(id);
  }

  putDeployment(functionId: string, deployment: Json & { $id: string }): void {
    this.stmts.putDeployment.run({ id: deployment.$id, fn: functionId, json: JSON.stringify(deployment) });
  }

  getDeployment(functionId: string, id: string): Json | undefined {
    return parse(this.stmts.getDeployment.get(id, functionId));
  }

  listDeployments(functionId: string): Json[] {
    return parseAll(this.stmts.listDeployments.all(functionId));
  }

  putVariable(functionId: string, variable: Json & { $id: string }): void {
    this.stmts.putVariable.run({ id: variable.$id, fn: functionId, json: JSON.stringify(variable) });
  }

  getVariable(functionId: string, id: string): Json | undefined {
    return parse(this.stmts.getVariable.get(id, functionId));
  }

  listVariables(functionId: string): Json[] {
    return parseAll(this.stmts.listVariables.all(functionId));
  }

  deleteVariable(functionId: string, id: string): boolean {
    return this.stmts.deleteVariable.run(id, functionId).changes > 0;
  }
}

function parse(row: unknown): Json | undefined {
  return row ? (JSON.parse((row as { json: string }).json) as Json) : undefined;
}

function parseAll(rows: unknown[]): Json[] {
  return rows.map((r) => JSON.parse((r as { json: string }).json) as Json);
}
