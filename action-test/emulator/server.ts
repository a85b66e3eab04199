import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { AzureMlApi } from './arm-ml.js';
import { AzEmulator } from './az/az-emulator.js';
import { parseShimRequest, shimAnswer } from './az/shim-protocol.js';
import { DataPlane } from './data-plane.js';
import { EmulatorClock } from './clock.js';
import { DEFAULT_CONFIG, NO_FAULTS, type EmulatorConfig, type Faults } from './config.js';
import {
  armError,
  readBody,
  Router,
  send,
  toExchange,
  toRequest,
  type ArmExchange,
  type EmulatorRequest,
  type EmulatorResponse,
} from './http.js';
import { entraTokenFault } from './fault-injection.js';
import { faultStreams, frontDoor, type EmulatorCounters } from './front-door.js';
import { Identity } from './identity.js';
import { seededRandom } from './random.js';
import { TritonServing } from './triton.js';
import { WorkspaceStore } from './workspace-store.js';
import { ResumeStepRunner } from './resume-step.js';

export interface EmulatorOptions {
  config?: Partial<EmulatorConfig>;
  faults?: Partial<Faults>;
  /** PEM certificate and key for 127.0.0.1; generated when absent (see certificate.ts). */
  tls: { cert: string; key: string; certFile: string };
  port?: number;
  /** Sees every ARM request and the answer it gets (the contract tests' recorder); resets are not answers. */
  onArmExchange?: (exchange: ArmExchange) => void;
}

export interface RunningEmulator {
  url: string;
  config: EmulatorConfig;
  clock: EmulatorClock;
  store: WorkspaceStore;
  identity: Identity;
  az: AzEmulator;
  triton: TritonServing;
  /** The pipelines' resume_rollout step: its Key Vault secrets and what each run of it did. */
  resumeSteps: ResumeStepRunner;
  counters: { armRequests: number; dataPlaneRequests: number; injectedFaults: number };
  /** Environment that points the actions, `az` and Node at the emulator. */
  env: Record<string, string>;
  setFaults(faults: Partial<Faults>): void;
  close(): Promise<void>;
}

export const AZ_SHIM_DIR = resolve(import.meta.dirname, '..', 'bin');

/** Starts the emulator on 127.0.0.1 over HTTPS. */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const config: EmulatorConfig = { ...DEFAULT_CONFIG, ...options.config };
  const clock = new EmulatorClock(config.speed);
  const router = new Router();
  const streams = faultStreams(config.seed);
  const counters: EmulatorCounters = { armRequests: 0, dataPlaneRequests: 0, injectedFaults: 0 };
  let handle: (request: EmulatorRequest) => Promise<EmulatorResponse> = async () =>
    armError(503, 'ServiceUnavailable', 'The emulator is starting.');
  const { server, baseUrl } = await listen(options, (request) => handle(request));

  const store = new WorkspaceStore(config, clock, { ...NO_FAULTS, ...options.faults });
  const identity = new Identity(clock, config, baseUrl);
  const ml = new AzureMlApi(store, baseUrl);
  const az = new AzEmulator(store, identity, ml, () => {
    const fault = entraTokenFault(store.faults, streams.frontDoor.entra, clock.now());
    if (fault) counters.injectedFaults++;
    return fault;
  });
  const triton = new TritonServing(store, ml, identity, seededRandom(config.seed));
  const resumeSteps = new ResumeStepRunner(store);
  resumeSteps.start();
  identity.routes(router);
  ml.routes(router);
  triton.routes(router);
  new DataPlane(store, ml, baseUrl).routes(router);
  registryRoutes(router, store);
  controlRoutes(router, { az, clock, store, counters, identity });
  handle = frontDoor({ router, store, identity, counters, streams, now: () => clock.now() });

  return {
    url: baseUrl,
    config,
    clock,
    store,
    identity,
    az,
    triton,
    resumeSteps,
    counters,
    env: emulatorEnv(baseUrl, identity, config, options.tls.certFile),
    setFaults: (faults) => {
      store.faults = { ...store.faults, ...faults };
    },
    close: () =>
      new Promise((done) => {
        resumeSteps.stop();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** The HTTPS server on 127.0.0.1: each request read whole, answered by `handle`, an exception as ARM's 500. */
async function listen(
  options: EmulatorOptions,
  handle: (request: EmulatorRequest) => Promise<EmulatorResponse>,
): Promise<{ server: Server; baseUrl: string }> {
  let baseUrl = '';
  const server: Server = createServer({ cert: options.tls.cert, key: options.tls.key }, async (req, res) => {
    const body = await readBody(req);
    const request = toRequest(req, body, baseUrl);
    let response: EmulatorResponse;
    try {
      response = await handle(request);
    } catch (error) {
      response = armError(500, 'InternalServerError', (error as Error).message);
    }
    if (options.onArmExchange && !response.reset && /^\/subscriptions\//i.test(request.path))
      options.onArmExchange(toExchange(request, response));
    send(res, response);
  });
  await new Promise<void>((done) => server.listen(options.port ?? 0, '127.0.0.1', done));
  baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, baseUrl };
}

/** The one container registry of the emulated subscription (ACR's Registries_Get). */
function registryRoutes(router: Router, store: WorkspaceStore): void {
  const { config } = store;
  router.add(
    'GET',
    '/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ContainerRegistry/registries/{registry}',
    (request) =>
      request.params.registry!.toLowerCase() === config.registry
        ? {
            status: 200,
            body: {
              id: store.registryId,
              name: config.registry,
              location: config.location,
              sku: { name: 'Standard', tier: 'Standard' },
              properties: { loginServer: store.loginServer, provisioningState: 'Succeeded' },
            },
          }
        : armError(
            404,
            'ResourceNotFound',
            `The Resource 'Microsoft.ContainerRegistry/registries/${request.params.registry}' was not found.`,
          ),
  );
}

/** The emulator's own routes: the `az` shim's calls, its state, faults and clock, for tests and the shim. */
function controlRoutes(
  router: Router,
  parts: {
    az: AzEmulator;
    clock: EmulatorClock;
    store: WorkspaceStore;
    counters: EmulatorCounters;
    identity: Identity;
  },
): void {
  const { az, clock, store, counters, identity } = parts;
  router.add('POST', '/_emulator/az', (request) => ({
    status: 200,
    text: shimAnswer(az.handle(parseShimRequest(request.rawBody))),
  }));
  router.add('GET', '/_emulator/state', () => ({
    status: 200,
    body: {
      now: clock.now(),
      jobs: [...store.jobs.keys()],
      endpoints: [...store.endpoints.keys()],
      counters: { ...counters, ...identity.counters },
    },
  }));
  router.add('POST', '/_emulator/faults', (request) => {
    store.faults = { ...store.faults, ...request.json<Partial<Faults>>() };
    return { status: 200, body: store.faults };
  });
  router.add('POST', '/_emulator/clock', (request) => {
    const change = request.json<{ advanceMs?: number; speed?: number }>();
    if (change.speed) clock.setSpeed(change.speed);
    if (change.advanceMs) clock.advance(change.advanceMs);
    return { status: 200, body: { now: clock.now(), speed: clock.speed } };
  });
}

/** The environment that points the actions, `az` and Node at the emulator. */
function emulatorEnv(
  baseUrl: string,
  identity: Identity,
  config: EmulatorConfig,
  certFile: string,
): Record<string, string> {
  return {
    AZURE_AUTHORITY_HOST: baseUrl,
    AZURE_RESOURCE_MANAGER_URL: baseUrl,
    ACTIONS_ID_TOKEN_REQUEST_URL: identity.idTokenRequestUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: identity.requestToken,
    AZURE_CLIENT_ID: config.clientId,
    AZURE_TENANT_ID: config.tenantId,
    AZURE_SUBSCRIPTION_ID: config.subscriptionId,
    NODE_EXTRA_CA_CERTS: certFile,
    NEXT_ITEM_EMULATOR_URL: baseUrl,
    NEXT_ITEM_EMULATOR_PATH: AZ_SHIM_DIR,
  };
}

/** The certificate the test launcher made (NEXT_ITEM_TLS_DIR), for emulators started inside Jest. */
export function launcherTls(): EmulatorOptions['tls'] {
  const dir = process.env.NEXT_ITEM_TLS_DIR;
  if (!dir)
    throw new Error('NEXT_ITEM_TLS_DIR is not set: run the tests through npm test (scripts/run-jest.mjs).');
  return {
    cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    key: readFileSync(join(dir, 'key.pem'), 'utf8'),
    certFile: join(dir, 'cert.pem'),
  };
}
