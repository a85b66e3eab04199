import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { AzureMlApi } from './arm-ml.js';
import { registryRoutes } from './arm-registry.js';
import { AzEmulator } from './az/az-emulator.js';
import { controlRoutes } from './control-routes.js';
import { DataPlane } from './data-plane.js';
import { EmulatorClock } from './clock.js';
import { DEFAULT_CONFIG, NO_FAULTS, type EmulatorConfig, type Faults } from './config.js';
import { injectedFault, type Counters, type FaultContext } from './fault-injection.js';
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
import { Identity } from './identity.js';
import { seededRandom } from './random.js';
import { TritonServing } from './triton.js';
import { WorkspaceStore } from './workspace-store.js';

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
  const random = seededRandom(config.seed);
  const counters: Counters = { armRequests: 0, dataPlaneRequests: 0, injectedFaults: 0 };
  const front = { dispatch: (_request: EmulatorRequest): Promise<EmulatorResponse> => notReady() };
  const { server, baseUrl } = await listen(options, (request) => front.dispatch(request));

  const store = new WorkspaceStore(config, clock, { ...NO_FAULTS, ...options.faults });
  const identity = new Identity(clock, config, baseUrl);
  const ml = new AzureMlApi(store, baseUrl);
  const az = new AzEmulator(store, identity, ml);
  const triton = new TritonServing(store, ml, identity, random);
  identity.routes(router);
  ml.routes(router);
  triton.routes(router);
  new DataPlane(store, ml, baseUrl).routes(router);
  registryRoutes(router, config, store);
  controlRoutes(router, { az, clock, store, identity, counters });
  front.dispatch = (request) => dispatch(router, request, { store, random, counters }, identity);

  return {
    url: baseUrl,
    config,
    clock,
    store,
    identity,
    az,
    triton,
    counters,
    env: emulatorEnv(baseUrl, config, identity, options.tls.certFile),
    setFaults: (faults) => {
      store.faults = { ...store.faults, ...faults };
    },
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

function notReady(): Promise<EmulatorResponse> {
  return Promise.resolve(armError(503, 'ServiceUnavailable', 'The emulator is still starting.'));
}

/** The HTTPS server on a free loopback port: every request goes to `dispatch`; ARM exchanges go to the recorder. */
async function listen(
  options: EmulatorOptions,
  dispatch: (request: EmulatorRequest) => Promise<EmulatorResponse>,
): Promise<{ server: Server; baseUrl: string }> {
  let baseUrl = '';
  const server: Server = createServer({ cert: options.tls.cert, key: options.tls.key }, async (req, res) => {
    const body = await readBody(req);
    const request = toRequest(req, body, baseUrl);
    let response: EmulatorResponse;
    try {
      response = await dispatch(request);
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

/** ARM and the data plane answer with faults injected on request; then the bearer-token check, as their front doors do. */
async function dispatch(
  router: Router,
  request: EmulatorRequest,
  faults: FaultContext,
  identity: Identity,
): Promise<EmulatorResponse> {
  const match = router.match(request.method, request.path);
  if (match === undefined)
    return armError(404, 'NotFound', `No route for ${request.method} ${request.path}.`);
  if (match === 'method')
    return armError(405, 'MethodNotAllowed', `${request.method} is not allowed on ${request.path}.`);
  request.params = match.params;
  const fault = await injectedFault(request, faults);
  if (fault) return fault;
  if (/^\/(subscriptions|history|mlflow)\//i.test(request.path)) {
    const denied = identity.checkArmToken(request);
    if (denied) return denied;
  }
  return match.handler(request);
}

/** Environment that points the actions, `az` and Node at the emulator. */
function emulatorEnv(
  baseUrl: string,
  config: EmulatorConfig,
  identity: Identity,
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
