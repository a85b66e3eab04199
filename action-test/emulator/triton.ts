import type { AzureMlApi } from './arm-ml.js';
import type { EmulatorRequest, EmulatorResponse, Router } from './http.js';
import type { Identity } from './identity.js';
import type { DeploymentRecord, EndpointRecord, WorkspaceStore } from './workspace-store.js';

export const EXECUTOR_INPUTS = ['session_id', 'item_id', 'category', 'timestamp'];
const TOP_K = 20;
const CATALOGUE = 50_000;
/**
 * The executor's outputs as merlin.systems 23.08 writes them for the training step's export (scores first,
 * then ids, both [-1, top_k]): inference/triton/executor-signature.json, checked against a real export by
 * pipeline/tests/test_merlin_real.py and against this file by emulator-tests/triton-signature.test.ts.
 */
export const EXECUTOR_OUTPUTS = [
  { name: 'item_id_scores', datatype: 'FP32', shape: [-1, TOP_K] },
  { name: 'item_ids', datatype: 'INT64', shape: [-1, TOP_K] },
];
/** Triton 23.06, the default TRITON_VERSION of NVIDIA-Merlin/Merlin docker/dockerfile.merlin at v23.08.00. */
const TRITON_SERVER_VERSION = '2.35.0';

interface Tensor {
  name: string;
  datatype: string;
  shape: number[];
  data: unknown;
}

const tritonError = (status: number, error: string): EmulatorResponse => ({ status, body: { error } });

/**
 * Triton's KServe v2 HTTP protocol behind each managed online endpoint: the endpoint's auth, routing by the
 * `azureml-model-deployment` header or by traffic weights, and a deterministic stand-in for the exported
 * Merlin ensemble (top-k raw item ids and scores for each session of two or more events).
 */
export class TritonServing {
  private routed = 0;
  readonly requestsByDeployment = new Map<string, number>();

  constructor(
    private readonly store: WorkspaceStore,
    private readonly ml: AzureMlApi,
    private readonly identity: Identity,
    private readonly random: () => number,
  ) {}

  routes(router: Router): void {
    for (const method of ['GET', 'POST']) {
      router.add(method, '/inference/{endpoint}/{rest*}', (request) => this.handle(request));
    }
  }

  private handle(request: EmulatorRequest): EmulatorResponse {
    const endpoint = this.store.endpoints.get(request.params.endpoint!.toLowerCase());
    if (!endpoint || endpoint.deletingAt !== undefined)
      return { status: 404, body: { message: `Endpoint ${request.params.endpoint} was not found.` } };
    if (!this.authorised(endpoint, request.headers.authorization ?? '')) {
      return {
        status: 401,
        body: { message: 'Authentication failed: the key or token is missing, wrong or expired.' },
      };
    }
    const deployment = this.route(endpoint, request.headers['azureml-model-deployment']);
    if ('status' in deployment) return deployment;
    if (this.ml.deploymentProvisioning(deployment) !== 'Succeeded') {
      return {
        status: 502,
        body: {
          message: `Deployment ${deployment.name} is not ready (${this.ml.deploymentProvisioning(deployment)}).`,
        },
      };
    }
    this.requestsByDeployment.set(deployment.name, (this.requestsByDeployment.get(deployment.name) ?? 0) + 1);
    const headers = { 'azureml-model-deployment': deployment.name };
    const answer = this.triton(request, deployment);
    return { ...answer, headers: { ...headers, ...answer.headers } };
  }

  private authorised(endpoint: EndpointRecord, header: string): boolean {
    const token = /^Bearer (.+)$/.exec(header)?.[1];
    if (!token) return false;
    if (endpoint.authMode === 'Key')
      return token === endpoint.keys.primaryKey || token === endpoint.keys.secondaryKey;
    if (endpoint.authMode === 'AMLToken') {
      const issued = this.store.endpointTokens.get(token);
      return (
        issued !== undefined &&
        issued.endpoint === endpoint.name &&
        issued.expiresAt + this.identity.latencyAllowanceMs() > this.store.clock.now()
      );
    }
    return (
      this.identity.checkArmToken({ headers: { authorization: header } } as EmulatorRequest) === undefined
    );
  }

  private route(
    endpoint: EndpointRecord,
    header: string | string[] | undefined,
  ): DeploymentRecord | EmulatorResponse {
    const live = this.store.deploymentsOf(endpoint.name).filter((d) => d.deletingAt === undefined);
    if (typeof header === 'string' && header) {
      const named = live.find((d) => d.name.toLowerCase() === header.toLowerCase());
      return (
        named ?? {
          status: 404,
          body: { message: `No deployment named ${header} on endpoint ${endpoint.name}.` },
        }
      );
    }
    const weighted = Object.entries(endpoint.traffic).filter(([, weight]) => weight > 0);
    if (weighted.length === 0) {
      return {
        status: 503,
        body: {
          message:
            'No valid deployments to route to. Please check that the endpoint has at least one deployment with positive weight values or use a deployment specific header to route.',
        },
      };
    }
    let pick = this.random() * 100;
    this.routed++;
    for (const [name, weight] of weighted) {
      pick -= weight;
      if (pick < 0) return live.find((d) => d.name.toLowerCase() === name.toLowerCase())!;
    }
    return live.find((d) => d.name.toLowerCase() === weighted.at(-1)![0].toLowerCase())!;
  }

  private wrongShapes(deployment: DeploymentRecord): boolean {
    const match = /\/models\/([^/]+)\/versions\/([^/]+)$/.exec(deployment.modelId);
    const model = match ? this.store.models.get(match[1]!)?.get(match[2]!) : undefined;
    const job = model?.jobName ? this.store.jobs.get(model.jobName) : undefined;
    return job?.wrongShapes ?? false;
  }

  private triton(request: EmulatorRequest, deployment: DeploymentRecord): EmulatorResponse {
    const path = `/${request.params.rest ?? ''}`.replace(/\/+$/, '');
    if (request.method === 'GET' && (path === '/v2/health/live' || path === '/v2/health/ready'))
      return { status: 200 };
    if (request.method === 'GET' && path === '/v2') {
      return {
        status: 200,
        body: {
          name: 'triton',
          version: TRITON_SERVER_VERSION,
          extensions: [
            'classification',
            'sequence',
            'model_repository',
            'schedule_policy',
            'model_configuration',
            'system_shared_memory',
            'binary_tensor_data',
            'parameters',
            'statistics',
            'trace',
            'logging',
          ],
        },
      };
    }
    const model = /^\/v2\/models\/([^/]+)(?:\/versions\/(\d+))?(\/ready|\/infer)?$/.exec(path);
    if (!model) return tritonError(404, 'Not Found');
    const [, name, version, action] = model;
    if (!['executor_model', '0_transformworkflowtriton', '1_predictpytorchtriton'].includes(name!)) {
      return tritonError(400, `Request for unknown model: '${name}' is not found`);
    }
    if (version && version !== '1')
      return tritonError(400, `Request for unknown model: '${name}' version ${version} is not found`);
    if (request.method === 'GET' && action === '/ready') return { status: 200 };
    if (request.method === 'GET' && !action) return { status: 200, body: this.metadata(name!) };
    if (request.method === 'POST' && action === '/infer')
      return this.infer(request, name!, this.wrongShapes(deployment));
    return tritonError(405, 'Method Not Allowed');
  }

  private metadata(name: string) {
    return {
      name,
      versions: ['1'],
      platform:
        name === 'executor_model'
          ? 'merlin_executor'
          : name === '1_predictpytorchtriton'
            ? 'pytorch_libtorch'
            : 'python',
      inputs: EXECUTOR_INPUTS.map((input) => ({ name: input, datatype: 'INT64', shape: [-1] })),
      outputs: EXECUTOR_OUTPUTS,
    };
  }

  private infer(request: EmulatorRequest, name: string, wrongShapes: boolean): EmulatorResponse {
    let body: { id?: string; inputs?: Tensor[] };
    try {
      body = request.json();
    } catch {
      return tritonError(400, 'failed to parse the request JSON buffer: Invalid value. at 0');
    }
    const read = readColumns(body?.inputs ?? [], name);
    if ('refused' in read) return read.refused;
    const kept = scoredSessions(read.columns);
    if (kept.length === 0) {
      // The workflow's Filter leaves an empty frame and the executor's Python model fails; Triton reports a
      // Python backend error as an internal error (HTTP 500). Recorded against real Triton by
      // pipeline/tests/test_merlin_real.py::test_a_request_without_a_two_event_session_is_refused.
      return tritonError(
        500,
        `Failed to process the request(s) for model '${name}', message: no session of two or more events: the workflow's Filter left no row to score`,
      );
    }
    const width = wrongShapes ? TOP_K - 1 : TOP_K;
    const { ids, scores } = topItems(kept, width);
    return {
      status: 200,
      body: {
        ...(body.id ? { id: body.id } : {}),
        model_name: name,
        model_version: '1',
        outputs: [
          { name: 'item_id_scores', datatype: 'FP32', shape: [kept.length, width], data: scores },
          { name: 'item_ids', datatype: 'INT64', shape: [kept.length, width], data: ids },
        ],
      },
    };
  }
}

type Columns = Record<(typeof EXECUTOR_INPUTS)[number], number[]>;

/** The four INT64 input columns of one request, of equal length, or Triton's refusal of the first that is not. */
function readColumns(inputs: Tensor[], name: string): { columns: Columns } | { refused: EmulatorResponse } {
  const tensors = new Map(inputs.map((tensor) => [tensor.name, tensor]));
  const columns: Columns = {};
  for (const input of EXECUTOR_INPUTS) {
    const tensor = tensors.get(input);
    if (!tensor)
      return refuse(
        `[request id: <id_unknown>] expected 4 inputs but got ${tensors.size} inputs for model '${name}'. Got input(s) [${[...tensors.keys()].join(', ')}], but missing required input(s) ['${input}']. Please provide all required input(s).`,
      );
    const column = readColumn(tensor, input, name);
    if (!Array.isArray(column)) return { refused: column };
    columns[input] = column;
  }
  const rows = columns.session_id!.length;
  if (EXECUTOR_INPUTS.some((input) => columns[input]!.length !== rows))
    return refuse('all inputs must have the same number of rows');
  return { columns };
}

const refuse = (error: string) => ({ refused: tritonError(400, error) });

/** One input tensor as Triton checks it: INT64, shape [-1] matching its data, whole numbers. */
function readColumn(tensor: Tensor, input: string, name: string): number[] | EmulatorResponse {
  if (tensor.datatype !== 'INT64')
    return tritonError(
      400,
      `[request id: <id_unknown>] inference input '${input}' data-type is '${tensor.datatype}', but model '${name}' expects 'INT64'`,
    );
  const data = [tensor.data].flat(Infinity) as unknown[];
  const count = (tensor.shape ?? []).reduce((product, dim) => product * dim, 1);
  if (!Array.isArray(tensor.shape) || tensor.shape.length !== 1 || count !== data.length) {
    return tritonError(
      400,
      `[request id: <id_unknown>] unexpected shape for input '${input}' for model '${name}'. Expected [-1], got [${tensor.shape}]`,
    );
  }
  if (!data.every((value) => Number.isInteger(value)))
    return tritonError(400, `unable to parse 'data': expected INT64 values for input '${input}'`);
  return data as number[];
}

/**
 * Events grouped by session, each session's events in time order, sessions of fewer than two events dropped.
 * Rows come out in ascending session_id order, as the real workflow's pandas groupby sorts its keys
 * (nvtabular/ops/groupby.py:239 at v23.08.00, run on pandas by merlin/systems/workflow/base.py:101-108), and
 * the answer names no session.
 */
function scoredSessions(columns: Columns): Array<Array<{ item: number; time: number }>> {
  const sessions = new Map<number, Array<{ item: number; time: number }>>();
  for (let row = 0; row < columns.session_id!.length; row++) {
    const events = sessions.get(columns.session_id![row]!) ?? [];
    events.push({ item: columns.item_id![row]!, time: columns.timestamp![row]! });
    sessions.set(columns.session_id![row]!, events);
  }
  return [...sessions.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, events]) => events)
    .filter((events) => events.length >= 2)
    .map((events) => events.sort((a, b) => a.time - b.time));
}

/** The deterministic stand-in for the model: `width` ids and falling scores from each session's last item. */
function topItems(
  sessions: Array<Array<{ item: number }>>,
  width: number,
): { ids: number[]; scores: number[] } {
  const ids: number[] = [];
  const scores: number[] = [];
  for (const events of sessions) {
    const last = events.at(-1)!.item;
    for (let rank = 0; rank < width; rank++) {
      ids.push(((last * 7919 + rank * 104_729) % CATALOGUE) + 1);
      scores.push(Math.fround(12 - rank * 0.37 - (last % 7) * 0.01));
    }
  }
  return { ids, scores };
}
