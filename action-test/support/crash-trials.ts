import type { EmulatorConfig } from '../emulator/config.js';
import { seededRandom } from '../emulator/random.js';
import type { RunningEmulator } from '../emulator/server.js';
import { azureStateViolations } from './chain-invariants.js';
import { finishedJob, registeredModel } from './emulator-harness.js';
import type { BundleRun, BundleRunOptions } from './run-bundle.js';

/**
 * Kill-and-rerun trials (issue 15): an action's process is SIGKILLed at a seeded random moment (after a random
 * number of exchanges with ARM, the data plane and `az`), as a hosted runner that loses its machine does, with
 * no post step; then the same step runs again (attempt 2) and must finish the work, and the Azure state must
 * hold the chain's invariants (chain-invariants.ts) plus the mode's own end state.
 */
export const CRASH_ACTIONS = [
  'submit-pipeline',
  'register-model',
  'build-triton',
  'deploy',
  'promote',
  'rollback',
  'smoke-score',
] as const;
export type CrashAction = (typeof CRASH_ACTIONS)[number];

export interface CrashTrialDeps {
  start: (config: Partial<EmulatorConfig>) => Promise<RunningEmulator>;
  runAction: (
    running: RunningEmulator,
    options: Omit<BundleRunOptions, 'workspace'> & { workspace?: string },
  ) => Promise<BundleRun>;
}

export interface CrashTrial {
  action: CrashAction;
  seed: number;
  /** The exchange after which the process was killed. */
  killAfter: number;
  /** Whether the kill came before the action ended on its own. */
  killed: boolean;
  rerunExitCode: number;
  /** ACR runs that built a tag another run was already building. */
  duplicateBuilds: number;
  /** Exchanges the killed run made (all of them when the kill came after its end). */
  firstExchanges: number;
  /** Exchanges the rerun made: what finishing the work took. */
  rerunExchanges: number;
  /** Invariant and end-state violations after the rerun; empty when the trial passed. */
  violations: string[];
  firstError: string;
  ms: number;
}

const IMAGE = 'acrnextitem.azurecr.io/next-item-triton:ctx-0123456789abcdef';
const ENDPOINT = 'next-item';
const TIMEOUT_MS = 120_000;

/**
 * How many exchanges each action makes when nothing kills it (`NEXT_ITEM_CRASH_CALIBRATE=1 npm run
 * bench:crashes -- 1` prints them): the kill lands uniformly in [1, budget], after the last one only when the
 * process is still busy after it (polling, scoring, writing outputs).
 */
const EXCHANGE_BUDGET: Record<CrashAction, number> = {
  'submit-pipeline': 12,
  'register-model': 10,
  'build-triton': 8,
  deploy: 8,
  promote: 10,
  rollback: 4,
  'smoke-score': 2,
};

/** Emulated time the slow parts take, so a kill can land while they run (at 20,000x: 0.5 s and 1.8 s). */
const SLOW = { deploymentProvisioningMs: 3 * 3_600_000, acrBuildMs: 10 * 3_600_000 };

const exchanges = (r: RunningEmulator) =>
  r.counters.armRequests + r.counters.dataPlaneRequests + r.az.invocations.length;

/** Settles once the emulator has answered `count` more exchanges; cancel stops watching. */
function afterExchanges(running: RunningEmulator, count: number) {
  const target = exchanges(running) + count;
  let timer: NodeJS.Timeout | undefined;
  const reached = new Promise<void>((resolve) => {
    timer = setInterval(() => {
      if (exchanges(running) >= target) {
        clearInterval(timer);
        resolve();
      }
    }, 2);
  });
  return { reached, cancel: () => clearInterval(timer) };
}

interface Scene {
  inputs: Record<string, string>;
  /** The mode's own end state after the rerun: what it should have left. */
  check: (r: RunningEmulator) => string[];
}

/** An endpoint with `live` serving 100%, and with `held` beside it at 0% when asked, made by the actions themselves. */
async function servingEndpoint(
  r: RunningEmulator,
  deps: CrashTrialDeps,
  held: boolean,
): Promise<{ live: string; held?: string; model2: string }> {
  // Registered as register-model would, without its process: the scene is set-up, not the subject.
  const model = (version: string) => registeredModel(r, version);
  const deploy = async (modelId: string, extra: Record<string, string> = {}) => {
    const run = await deps.runAction(r, {
      action: 'deploy-endpoint',
      inputs: { endpoint: ENDPOINT, 'create-endpoint': 'true', 'model-id': modelId, image: IMAGE, ...extra },
      timeoutMs: TIMEOUT_MS,
    });
    if (run.exitCode) throw new Error(`set-up deploy failed: ${run.errorLines.join(' ')}`);
    return run.outputs['deployment-name']!;
  };
  const live = await deploy(await model('1'));
  await deploy('', { mode: 'promote', deployment: live });
  const model2 = await model('2');
  return { live, held: held ? await deploy(model2) : undefined, model2 };
}

const standing = (r: RunningEmulator) =>
  r.store
    .deploymentsOf(ENDPOINT)
    .filter((d) => d.deletingAt === undefined)
    .map((d) => d.name);
const trafficOf = (r: RunningEmulator) => JSON.stringify(r.store.endpoints.get(ENDPOINT)?.traffic ?? {});
const expectTraffic = (r: RunningEmulator, wanted: Record<string, number>) =>
  trafficOf(r) === JSON.stringify(wanted)
    ? []
    : [`traffic ${trafficOf(r)}, wanted ${JSON.stringify(wanted)}`];
const expectStanding = (r: RunningEmulator, wanted: string[]) =>
  JSON.stringify(standing(r).sort()) === JSON.stringify([...wanted].sort())
    ? []
    : [`deployments ${standing(r).join(', ')}, wanted ${wanted.join(', ')}`];

/** The state each action starts from, its inputs, and what it must leave. */
async function scene(action: CrashAction, r: RunningEmulator, deps: CrashTrialDeps): Promise<Scene> {
  switch (action) {
    case 'submit-pipeline':
      return { inputs: {}, check: (s) => (s.store.jobs.size === 1 ? [] : [`${s.store.jobs.size} jobs`]) };
    case 'register-model':
      return { inputs: { 'job-name': await finishedJob(r) }, check: () => [] };
    case 'build-triton':
      return { inputs: {}, check: () => [] };
    case 'deploy': {
      const { live, model2 } = await servingEndpoint(r, deps, false);
      const inputs = { endpoint: ENDPOINT, 'model-id': model2, image: IMAGE };
      return {
        inputs,
        check: (s) => [
          ...expectTraffic(s, { [live]: 100 }),
          ...(standing(s).length === 2 ? [] : [`deployments ${standing(s).join(', ')}`]),
        ],
      };
    }
    case 'promote': {
      const { held } = await servingEndpoint(r, deps, true);
      return {
        inputs: { endpoint: ENDPOINT, mode: 'promote', deployment: held! },
        check: (s) => [...expectTraffic(s, { [held!]: 100 }), ...expectStanding(s, [held!])],
      };
    }
    case 'rollback': {
      const { live, held } = await servingEndpoint(r, deps, true);
      return {
        inputs: { endpoint: ENDPOINT, mode: 'rollback', deployment: held!, 'previous-deployment': live },
        check: (s) => [...expectTraffic(s, { [live]: 100 }), ...expectStanding(s, [live])],
      };
    }
    case 'smoke-score': {
      const { live } = await servingEndpoint(r, deps, false);
      return {
        inputs: { endpoint: ENDPOINT, deployment: live, requests: '6' },
        check: (s) => expectTraffic(s, { [live]: 100 }),
      };
    }
  }
}

/**
 * ACR runs beyond the first for each image tag: a rerun that queues a build while the killed run's build of
 * the same tag is still going. Counted, not a violation: build-triton does not adopt ACR runs yet (a QuickRun
 * does not say which image it builds until it has pushed it), and a second build of the same content tag
 * pushes the same image, costing build minutes but no correctness.
 */
function duplicateBuilds(r: RunningEmulator): number {
  const byImage = new Map<string, number>();
  for (const run of r.store.acrRuns.values()) byImage.set(run.image, (byImage.get(run.image) ?? 0) + 1);
  return [...byImage.values()].reduce((sum, count) => sum + count - 1, 0);
}

/** One trial: a fresh seeded emulator, the scene, a run killed at a random exchange, a rerun, the checks. */
export async function crashTrial(
  action: CrashAction,
  seed: number,
  deps: CrashTrialDeps,
): Promise<CrashTrial> {
  const started = Date.now();
  const running = await deps.start({ seed, speed: 20_000, operationRetryAfterSeconds: 0, ...SLOW });
  try {
    const { inputs, check } = await scene(action, running, deps);
    const bundle =
      action === 'deploy' || action === 'promote' || action === 'rollback' ? 'deploy-endpoint' : action;
    const budget = process.env.NEXT_ITEM_CRASH_CALIBRATE ? 1e9 : EXCHANGE_BUDGET[action];
    const killAfter = 1 + Math.floor(seededRandom(seed * 7919)() * budget);
    const start = exchanges(running);
    const kill = afterExchanges(running, killAfter);
    const first = await deps.runAction(running, {
      action: bundle,
      inputs,
      killOn: kill.reached,
      timeoutMs: TIMEOUT_MS,
    });
    kill.cancel();
    const firstExchanges = exchanges(running) - start;
    const before = exchanges(running);
    const rerun = await deps.runAction(running, {
      action: bundle,
      inputs,
      env: { GITHUB_RUN_ATTEMPT: '2' },
      timeoutMs: TIMEOUT_MS,
    });
    const rerunExchanges = exchanges(running) - before;
    running.clock.advance(10 * 60_000);
    const violations = [
      ...(rerun.exitCode ? [`rerun exited ${rerun.exitCode}`] : []),
      ...azureStateViolations(running, ENDPOINT),
      ...check(running),
    ];
    return {
      action,
      seed,
      killAfter,
      killed: first.exitCode !== 0 && first.errorLines.length === 0,
      rerunExitCode: rerun.exitCode,
      rerunExchanges,
      firstExchanges,
      duplicateBuilds: duplicateBuilds(running),
      violations,
      firstError: rerun.errorLines[0] ?? '',
      ms: Date.now() - started,
    };
  } finally {
    await running.close();
  }
}
