import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspaceStore } from './workspace-store.js';

const FILE = 'emulator-state.json';

/** Saves what the workspace holds (not operations in flight) so a restarted emulator picks up where it was. */
export function saveState(store: WorkspaceStore, folder: string): void {
  mkdirSync(folder, { recursive: true });
  const snapshot = {
    now: store.clock.now(),
    jobs: [...store.jobs.values()],
    models: [...store.models.values()].flatMap((versions) => [...versions.values()]),
    environments: [...store.environments.values()].flatMap((versions) => [...versions.values()]),
    endpoints: [...store.endpoints.values()],
    deployments: [...store.deployments.values()],
    images: [...store.images.values()],
    dataVersions: store.dataAssets.names().flatMap((name) => store.dataAssets.versions(name)),
  };
  writeFileSync(join(folder, `${FILE}.tmp`), JSON.stringify(snapshot));
  renameSync(join(folder, `${FILE}.tmp`), join(folder, FILE));
}

export function loadState(store: WorkspaceStore, folder: string): boolean {
  const path = join(folder, FILE);
  if (!existsSync(path)) return false;
  const snapshot = JSON.parse(readFileSync(path, 'utf8')) as ReturnType<typeof JSON.parse>;
  store.clock.advance(Math.max(0, snapshot.now - store.clock.now()));
  for (const job of snapshot.jobs) store.jobs.set(job.name, job);
  for (const model of snapshot.models) {
    const versions = store.models.get(model.name) ?? new Map();
    versions.set(model.version, model);
    store.models.set(model.name, versions);
  }
  for (const environment of snapshot.environments) {
    const versions = store.environments.get(environment.name) ?? new Map();
    versions.set(environment.version, environment);
    store.environments.set(environment.name, versions);
  }
  for (const endpoint of snapshot.endpoints) store.endpoints.set(endpoint.name.toLowerCase(), endpoint);
  for (const deployment of snapshot.deployments)
    store.deployments.set(store.deploymentKey(deployment.endpoint, deployment.name), deployment);
  for (const image of snapshot.images) store.images.set(`${image.repository}:${image.tag}`, image);
  for (const version of snapshot.dataVersions ?? []) store.dataAssets.put(version);
  return true;
}
