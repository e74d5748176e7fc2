import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { FunctionDef } from './function-defs.js';
import type { Json } from './runtime-store.js';

// The shapes the functions API answers with, and the ids and dates in them.

export function deploymentDir(dataDir: string, functionId: string, deploymentId: string): string {
  return resolve(dataDir, 'functions', functionId, deploymentId);
}

/** The function model the API answers with. */
export function toModel(def: FunctionDef, previous: Json | undefined): Json & FunctionDef {
  const created = typeof previous?.$createdAt === 'string' ? previous.$createdAt : now();
  return {
    $createdAt: created,
    $updatedAt: now(),
    live: true,
    deploymentId: '',
    deploymentCreatedAt: '',
    latestDeploymentId: '',
    latestDeploymentCreatedAt: '',
    latestDeploymentStatus: '',
    vars: [],
    version: 'v5',
    installationId: '',
    providerRepositoryId: '',
    providerBranch: '',
    providerRootDirectory: '',
    providerSilentMode: false,
    ...previous,
    ...def,
    name: def.name ?? def.$id,
  };
}

export function now(): string {
  return new Date().toISOString().replace('Z', '+00:00');
}

/** Appwrite's id shape: hex time plus random hex, 20 characters. */
export function uniqueId(): string {
  return (Date.now().toString(16) + randomBytes(5).toString('hex')).slice(0, 20);
}
