import type { ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { dispatchRoutes, type DispatchRoutes } from '../github-api/dispatches.js';
import type { RunningEmulator } from '../emulator/server.js';
import { runWorkflow, type WorkflowRun } from '../workflow-runner/runner.js';
import {
  sendJson,
  startLoopbackServer,
  type LoopbackServer,
  type RecordedRequest,
} from './loopback-server.js';
import { callerSettings, pushWorld, REPOSITORY, type WorldChanges } from './workflow-world.js';

export const KEY_VAULT = 'https://kv-next-item.vault.azure.net';
const TOKEN_SECRET = `${KEY_VAULT}/secrets/github-dispatch-token`;

/**
 * GitHub for detached training: a loopback REST stand-in whose workflow dispatches start the dispatched
 * workflow of the repository as a new run, the way GitHub queues a workflow_dispatch run.
 */
export interface DetachedWorld {
  api: LoopbackServer;
  routes: DispatchRoutes;
  /** Every run a dispatch started, in order. */
  rollouts: Promise<WorkflowRun>[];
  /** Puts a fine-grained token with actions: write into the emulated Key Vault, for the pipeline's resume step. */
  storeDispatchToken(): void;
  world(changes?: WorldChanges): ReturnType<typeof pushWorld>;
  close(): Promise<void>;
}

export async function detachedWorld(running: RunningEmulator): Promise<DetachedWorld> {
  const rollouts: Promise<WorkflowRun>[] = [];
  // The routes start runs in the world this function returns, made once the routes exist.
  const self: { world?: DetachedWorld } = {};
  const routes = dispatchRoutes({
    workflowInputs: (repository, workflow) =>
      declaredInputs(self.world!.world().repositoryDir, repository, workflow),
    onDispatch: (event) => {
      rollouts.push(
        runWorkflow(
          self.world!.world({
            runId: event.runId,
            event: {
              name: 'workflow_dispatch',
              ref: event.ref.startsWith('refs/') ? event.ref : `refs/heads/${event.ref}`,
              inputs: event.inputs,
            },
          }),
          `.github/workflows/${event.workflow}`,
        ),
      );
    },
  });
  const api = await startLoopbackServer((request: RecordedRequest, response: ServerResponse) => {
    if (!routes.handle(request, response)) sendJson(response, 404, { message: 'Not Found' });
  });
  const githubApi = { url: api.url, issueToken: routes.issueToken };
  const world: DetachedWorld = {
    api,
    routes,
    rollouts,
    storeDispatchToken: () =>
      running.resumeSteps.secrets.set(
        TOKEN_SECRET,
        routes.issueToken({ repository: REPOSITORY, permissions: { actions: 'write' } }),
      ),
    world: (changes = {}) => {
      const { vars } = callerSettings(running);
      return {
        ...pushWorld(running, changes),
        vars: { ...vars, NEXT_ITEM_DETACHED: 'true', ...changes.vars },
        githubApi,
      };
    },
    close: () => api.close(),
  };
  self.world = world;
  return world;
}

/** The workflow_dispatch inputs a workflow file declares (undefined: no such trigger; null: no such file). */
function declaredInputs(dir: string, repository: string, workflow: string): string[] | undefined | null {
  if (repository !== REPOSITORY) return null;
  let text: string;
  try {
    text = readFileSync(join(dir, '.github/workflows', workflow), 'utf8');
  } catch {
    return null;
  }
  const on = (parse(text) as { on?: Record<string, { inputs?: Record<string, unknown> } | null> }).on ?? {};
  if (!('workflow_dispatch' in on)) return undefined;
  return Object.keys(on.workflow_dispatch?.inputs ?? {});
}
