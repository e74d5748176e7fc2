import { resolve } from 'node:path';
import { ConfigError } from '../schema/config.js';
import { isRealtimeOnlyEvent } from './event-names.js';
import { FunctionDef } from './function-defs.js';
import { deploymentDir, now, toModel } from './function-model.js';
import type { Json, RuntimeStore } from './runtime-store.js';

// Which functions exist and where each one's code lives: appwrite.json's entries (code read
// from their `path`), overridden by what the functions API created or pushed (persisted).

export type FunctionRecord = Json & FunctionDef;

/** Where an execution's code lives: the folder and the entry file inside it. */
export type Code = { dir: string; entrypoint: string };

export type RegistryOptions = {
  store: RuntimeStore;
  configDir: string;
  dataDir: string;
  configFunctions: unknown[];
  /** told after every create, update or delete (schedules follow it) */
  onChanged: () => void;
};

export class FunctionRegistry {
  private readonly functions = new Map<string, FunctionRecord>();
  private readonly configCode = new Map<string, string>();

  constructor(private readonly o: RegistryOptions) {
    for (const raw of o.configFunctions) {
      const def = parseConfigFunction(raw);
      this.configCode.set(def.$id, resolve(o.configDir, def.path ?? `functions/${def.$id}`));
      this.functions.set(def.$id, toModel(def, undefined));
    }
    // Functions created or updated through the API win over appwrite.json: they are what was pushed.
    for (const stored of o.store.listFunctions()) {
      const def = FunctionDef.parse(stored);
      this.functions.set(def.$id, { ...stored, ...def });
    }
    for (const fn of this.functions.values()) warnAboutEvents(fn);
  }

  list(): FunctionRecord[] {
    return [...this.functions.values()];
  }

  get(id: string): FunctionRecord | undefined {
    return this.functions.get(id);
  }

  /** Creates or replaces a function (the API's create and update); persists it. */
  save(fn: FunctionRecord): void {
    const record = { ...fn, $updatedAt: now() };
    this.functions.set(fn.$id, record);
    this.o.store.putFunction(record);
    warnAboutEvents(record);
    this.o.onChanged();
  }

  remove(id: string): boolean {
    this.o.store.deleteFunction(id);
    const had = this.functions.delete(id);
    this.o.onChanged();
    return had;
  }

  /** The active deployment's folder, else appwrite.json's path; undefined when neither exists. */
  codeOf(fn: FunctionRecord): Code | undefined {
    const deploymentId = typeof fn.deploymentId === 'string' ? fn.deploymentId : '';
    if (deploymentId) {
      const deployment = this.o.store.getDeployment(fn.$id, deploymentId);
      if (deployment) return { dir: deploymentDir(this.o.dataDir, fn.$id, deploymentId), entrypoint: String(deployment.entrypoint || fn.entrypoint) };
    }
    const dir = this.configCode.get(fn.$id);
    return dir ? { dir, entrypoint: fn.entrypoint } : undefined;
  }
}

/** The deployment an execution record names: the active one, or `local` for appwrite.json's path. */
export function deploymentOf(fn: Json): string {
  return typeof fn.deploymentId === 'string' && fn.deploymentId ? fn.deploymentId : 'local';
}

/** A function entry of appwrite.json, or an error that names the function and the field. */
function parseConfigFunction(raw: unknown): FunctionDef {
  const parsed = FunctionDef.safeParse(raw);
  if (parsed.success) return parsed.data;
  const id = raw && typeof raw === 'object' && '$id' in raw ? String((raw as { $id: unknown }).$id) : '?';
  const issue = parsed.error.issues[0];
  throw new ConfigError(`appwrite.json function "${id}": ${issue?.path.join('.') || '(entry)'}: ${issue?.message ?? 'invalid'}`);
}

function warnAboutEvents(fn: FunctionDef): void {
  for (const event of fn.events) {
    if (isRealtimeOnlyEvent(event)) {
      const fix = event.replace(/^tablesdb\./, 'databases.');
      console.warn(`function.event_never_fires ${fn.$id}: Appwrite fires "${event}" for Realtime only, never for functions; listen to "${fix}" instead`);
    }
  }
}
