export const id = 67;
export const ids = [67];
export const modules = {

/***/ 3067:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  deployEndpoint: () => (/* binding */ deployEndpoint)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./src/kit/errors.ts
var errors = __webpack_require__(3713);
;// CONCATENATED MODULE: ./src/azure/ml/deployment-spec.ts



/** ISO 8601 duration of whole seconds, as ARM wants probe timings: 600 -> PT600S. */
const seconds = (value, fallback) => `PT${Number.isFinite(Number(value)) ? Number(value) : fallback}S`;
/** Reads an Azure ML CLI v2 YAML file, failing as a bad input of the action that names it. */
function readYamlInput(input, path) {
    try {
        const value = (0,dist/* parse */.qg)((0,external_node_fs_.readFileSync)(path, 'utf8'));
        if (!value || typeof value !== 'object')
            throw new Error('not a mapping');
        return value;
    }
    catch (error) {
        throw new errors/* InputError */.dz(input, `names a file that is not valid Azure ML YAML (${error.message.split('\n')[0]})`, 'an Azure ML CLI v2 YAML file');
    }
}
function probe(yaml) {
    return {
        initialDelay: seconds(yaml?.initial_delay, 600),
        period: seconds(yaml?.period, 10),
        timeout: seconds(yaml?.timeout, 5),
        failureThreshold: yaml?.failure_threshold ?? 30,
        successThreshold: yaml?.success_threshold ?? 1,
    };
}
const TRITON_ROUTES = {
    livenessRoute: { path: '/v2/health/live', port: 8000 },
    readinessRoute: { path: '/v2/health/ready', port: 8000 },
    scoringRoute: { path: '/', port: 8000 },
};
/** The environment's inference routes from the YAML, Triton's by default. */
function inferenceConfig(yaml) {
    const config = yaml.environment?.inference_config ?? {};
    const route = (key, fallback) => ({
        path: config[key]?.path ?? fallback.path,
        port: config[key]?.port ?? fallback.port,
    });
    return {
        livenessRoute: route('liveness_route', TRITON_ROUTES.livenessRoute),
        readinessRoute: route('readiness_route', TRITON_ROUTES.readinessRoute),
        scoringRoute: route('scoring_route', TRITON_ROUTES.scoringRoute),
    };
}
/** The deployment's ARM body from the YAML with the action's inputs on top. */
function deploymentBody(yaml, values) {
    const request = yaml.request_settings ?? {};
    return {
        location: values.location,
        sku: { name: 'Default', capacity: values.instanceCount },
        properties: {
            endpointComputeType: 'Managed',
            model: values.modelArmId,
            environmentId: values.environmentId,
            instanceType: values.instanceType,
            environmentVariables: yaml.environment_variables ?? {},
            requestSettings: {
                requestTimeout: `PT${(request.request_timeout_ms ?? 10_000) / 1000}S`,
                maxConcurrentRequestsPerInstance: request.max_concurrent_requests_per_instance ?? 4,
                ...(request.max_queue_wait_ms !== undefined
                    ? { maxQueueWait: `PT${request.max_queue_wait_ms / 1000}S` }
                    : {}),
            },
            livenessProbe: probe(yaml.liveness_probe),
            readinessProbe: probe(yaml.readiness_probe),
            appInsightsEnabled: false,
        },
    };
}

;// CONCATENATED MODULE: ./src/azure/arm-error.ts

/** An error from Azure Resource Manager, keeping ARM's code and message and the request id support asks for. */
class ArmError extends errors/* ActionError */.lZ {
    status;
    code;
    armMessage;
    method;
    path;
    requestId;
    constructor(status, code, armMessage, method, path, requestId) {
        super(`${method} ${path} failed: ${status ? `${status} ` : ''}${code}: ${armMessage}${requestId ? ` (x-ms-request-id ${requestId})` : ''}`, hintFor(status, code));
        this.status = status;
        this.code = code;
        this.armMessage = armMessage;
        this.method = method;
        this.path = path;
        this.requestId = requestId;
        this.name = 'ArmError';
    }
}
function hintFor(status, code) {
    if (status === 401) {
        return 'Azure rejected the credential: check client-id and tenant-id, and that the identity has a federated credential for this repository and ref.';
    }
    if (status === 403) {
        return 'The identity lacks a role here: grant it AzureML Data Scientist on the workspace (and AcrPush on its registry for build-triton).';
    }
    if (status === 404 && /ResourceGroupNotFound|WorkspaceNotFound|ResourceNotFound/i.test(code)) {
        return 'Check subscription-id, resource-group and workspace.';
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/azure/target.ts
function workspacePath(target) {
    const part = encodeURIComponent;
    return (`/subscriptions/${part(target.subscriptionId)}/resourceGroups/${part(target.resourceGroup)}` +
        `/providers/Microsoft.MachineLearningServices/workspaces/${part(target.workspace)}`);
}

;// CONCATENATED MODULE: ./src/azure/ml/endpoints.ts


const toEndpoint = (resource) => ({
    name: resource.name,
    location: resource.location,
    authMode: resource.properties.authMode,
    traffic: resource.properties.traffic ?? {},
    mirrorTraffic: resource.properties.mirrorTraffic ?? {},
    scoringUri: resource.properties.scoringUri,
    provisioningState: resource.properties.provisioningState,
});
/** The deployment with the most live traffic, other than `except`. */
function liveDeployment(traffic, except) {
    return Object.entries(traffic)
        .filter(([name, share]) => share > 0 && name.toLowerCase() !== except?.toLowerCase())
        .sort(([, a], [, b]) => b - a)[0]?.[0];
}
/** Managed online endpoints and their deployments. Traffic changes go through GET -> edit -> PUT, as ARM wants. */
class MlEndpoints {
    arm;
    target;
    constructor(arm, target) {
        this.arm = arm;
        this.target = target;
    }
    path(endpoint, deployment) {
        return `${workspacePath(this.target)}/onlineEndpoints/${encodeURIComponent(endpoint)}${deployment === undefined ? '' : `/deployments${deployment ? `/${encodeURIComponent(deployment)}` : ''}`}`;
    }
    async get(name, signal) {
        try {
            return toEndpoint(await this.arm.get(this.path(name), { signal }));
        }
        catch (error) {
            if (error instanceof ArmError && error.status === 404)
                return undefined;
            throw error;
        }
    }
    async create(name, body, signal, timeoutMs) {
        const resource = await this.arm.begin('PUT', this.path(name), {
            signal,
            timeoutMs,
            body: {
                location: body.location,
                tags: body.tags,
                identity: { type: 'SystemAssigned' },
                properties: { authMode: body.authMode, publicNetworkAccess: 'Enabled' },
            },
        });
        return toEndpoint(resource);
    }
    /** Sets live and mirrored traffic on the endpoint as it is now, keeping everything else it has. */
    async setTraffic(name, traffic, mirrorTraffic, signal, timeoutMs) {
        const current = await this.arm.get(this.path(name), { signal });
        const { provisioningState: _state, scoringUri: _uri, ...properties } = current.properties;
        const body = { ...current, properties: { ...properties, traffic, mirrorTraffic } };
        return toEndpoint(await this.arm.begin('PUT', this.path(name), { signal, timeoutMs, body }));
    }
    async deployments(endpoint, signal) {
        const found = [];
        for await (const resource of this.arm.list(this.path(endpoint, ''), { signal })) {
            found.push({
                name: resource.name,
                provisioningState: resource.properties.provisioningState,
                model: resource.properties.model,
                environmentId: resource.properties.environmentId,
            });
        }
        return found;
    }
    /** Starts creating or updating a deployment; returns the operation to follow. */
    async startDeployment(endpoint, name, body, signal) {
        const response = await this.arm.send('PUT', this.path(endpoint, name), { signal, body });
        return response.headers.get('azure-asyncoperation') ?? undefined;
    }
    async operation(url, signal) {
        return this.arm.get(url, { signal });
    }
    async deployment(endpoint, name, signal) {
        return (await this.deployments(endpoint, signal)).find((deployment) => deployment.name.toLowerCase() === name.toLowerCase());
    }
    async deleteDeployment(endpoint, name, signal, timeoutMs) {
        await this.arm.begin('DELETE', this.path(endpoint, name), { signal, timeoutMs });
    }
    async logs(endpoint, name, containerType, tail, signal) {
        const body = await this.arm.post(`${this.path(endpoint, name)}/getLogs`, {
            signal,
            body: { containerType, tail },
        });
        return body.content ?? '';
    }
    async keys(endpoint, signal) {
        return this.arm.post(`${this.path(endpoint)}/listKeys`, { signal });
    }
    async amlToken(endpoint, signal) {
        return (await this.arm.post(`${this.path(endpoint)}/token`, { signal }))
            .accessToken;
    }
    async putEnvironment(name, version, properties, signal) {
        const resource = await this.arm.begin('PUT', `${workspacePath(this.target)}/environments/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}`, { signal, body: { properties } });
        return resource.id;
    }
}

;// CONCATENATED MODULE: ./src/azure/ml/workspace.ts

async function getWorkspace(arm, target, signal) {
    const body = await arm.get(workspacePath(target), { signal });
    return {
        id: body.id,
        location: body.location,
        containerRegistry: body.properties.containerRegistry,
        discoveryUrl: body.properties.discoveryUrl,
    };
}
/**
 * The workspace's regional data-plane host (run history, MLflow), from its discovery document. Pipeline
 * steps are child runs that only the run-history API lists.
 */
async function dataPlaneHost(workspace, clientFor, signal) {
    if (!workspace.discoveryUrl)
        throw new Error(`Workspace ${workspace.id} has no discoveryUrl.`);
    const discovery = await clientFor(new URL(workspace.discoveryUrl).origin).get(workspace.discoveryUrl, { signal });
    const host = discovery.history ?? discovery.api;
    if (!host)
        throw new Error(`The discovery document of workspace ${workspace.id} names no run-history host.`);
    return host.replace(/\/+$/, '');
}

;// CONCATENATED MODULE: ./src/kit/cancellation.ts

class CancelledError extends errors/* ActionError */.lZ {
    constructor(signalName) {
        super(`Cancelled by ${signalName}.`);
        this.name = 'CancelledError';
    }
}
/**
 * An AbortSignal that fires when the runner cancels the step. The runner sends SIGINT, then SIGTERM
 * 7.5 s later, then kills the process tree: work in flight gets those seconds to clean up remote state.
 */
function abortOnTermination(target = process) {
    const controller = new AbortController();
    const handlers = ['SIGINT', 'SIGTERM'].map((name) => {
        const handler = () => controller.abort(new CancelledError(name));
        target.on(name, handler);
        return [name, handler];
    });
    return {
        signal: controller.signal,
        dispose: () => handlers.forEach(([name, handler]) => target.off(name, handler)),
    };
}

;// CONCATENATED MODULE: ./src/kit/clock.ts
const systemClock = {
    now: () => Date.now(),
    sleep: (ms, signal) => new Promise((resolve, reject) => {
        if (signal?.aborted)
            return reject(abortReason(signal));
        const onAbort = () => {
            clearTimeout(timer);
            reject(abortReason(signal));
        };
        const timer = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
        }, Math.max(0, ms));
        signal?.addEventListener('abort', onAbort, { once: true });
    }),
};
function abortReason(signal) {
    return signal.reason instanceof Error ? signal.reason : new Error('The operation was aborted.');
}

// EXTERNAL MODULE: ./src/kit/duration.ts
var duration = __webpack_require__(438);
;// CONCATENATED MODULE: ./src/kit/github-run.ts
function githubRun(env = process.env) {
    const server = env.GITHUB_SERVER_URL || 'https://github.com';
    const repository = env.GITHUB_REPOSITORY ?? '';
    const runId = env.GITHUB_RUN_ID ?? '';
    return {
        repository,
        sha: env.GITHUB_SHA ?? '',
        ref: env.GITHUB_REF ?? '',
        runId,
        attempt: env.GITHUB_RUN_ATTEMPT ?? '1',
        runUrl: repository && runId ? `${server}/${repository}/actions/runs/${runId}` : '',
    };
}

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(6421);
;// CONCATENATED MODULE: ./src/kit/log.ts

const workflowLog = {
    info: (line) => core/* info */.pq(line),
    warning: (line) => core/* warning */.$e(line),
    debug: (line) => core/* debug */.Yz(line),
    group: (title, body) => core/* group */.Os(title, body),
    secret: (value) => core/* setSecret */.Pq(value),
};
/** A log that keeps lines in memory: for tests and for collecting a tail to show in a summary. */
function memoryLog() {
    const lines = [];
    const secrets = [];
    return {
        lines,
        secrets,
        info: (line) => lines.push(line),
        warning: (line) => lines.push(`warning: ${line}`),
        debug: (line) => lines.push(`debug: ${line}`),
        group: async (title, body) => {
            lines.push(`group: ${title}`);
            try {
                return await body();
            }
            finally {
                lines.push('endgroup');
            }
        },
        secret: (value) => secrets.push(value),
    };
}

;// CONCATENATED MODULE: ./src/kit/markdown.ts
/** Markdown pieces for job summaries; cell text is escaped so a pipe or newline cannot break a table. */
function markdownTable(headers, rows) {
    const cell = (text) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
    const line = (cells) => `| ${cells.map(cell).join(' | ')} |`;
    return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n') + '\n';
}
function markdownLink(text, url) {
    return `[${text.replace(/[[\]]/g, '')}](${url})`;
}

;// CONCATENATED MODULE: ./src/kit/waiter.ts



class WaitTimeoutError extends errors/* ActionError */.lZ {
    constructor(what, timeoutMs) {
        super(`Timed out after ${(0,duration/* formatDuration */.a)(timeoutMs)} waiting for ${what}.`, 'Raise the timeout input if the work is healthy but slow.');
        this.name = 'WaitTimeoutError';
    }
}
/**
 * The delay between polls: a fixed share of the time waited so far, between a floor and a cap. Fast while
 * things change quickly, cheap through the long quiet middle of a multi-hour job, and the lag between a
 * state change and noticing it stays a small share of the total.
 */
function adaptiveDelay(options) {
    return (elapsedMs) => Math.min(options.maxMs, Math.max(options.minMs, elapsedMs * options.fraction));
}
/** Polls until `poll` returns a value, the deadline passes (WaitTimeoutError) or the signal aborts. */
async function waitFor(options) {
    const { clock, signal } = options;
    const start = clock.now();
    for (;;) {
        if (signal?.aborted)
            throw abortReason(signal);
        const elapsed = clock.now() - start;
        const result = await options.poll(elapsed);
        if (result !== undefined)
            return result;
        const remaining = options.timeoutMs - (clock.now() - start);
        if (remaining <= 0)
            throw new WaitTimeoutError(options.what, options.timeoutMs);
        await clock.sleep(Math.min(options.delay(clock.now() - start), remaining), signal);
    }
}

;// CONCATENATED MODULE: ./src/actions/shared/outputs.ts

/** Sets the step's outputs and says each in the log, so a reader sees what the next job receives. */
function setOutputs(outputs) {
    for (const [name, value] of Object.entries(outputs)) {
        core/* setOutput */.uH(name, value);
        core/* info */.pq(`output ${name}: ${value.length > 200 ? `${value.slice(0, 200)}…` : value}`);
    }
}
async function writeSummary(markdown) {
    if (!process.env.GITHUB_STEP_SUMMARY)
        return;
    await core/* summary */.z.addRaw(markdown, true).write();
}

;// CONCATENATED MODULE: ./src/azure/retry-policy.ts
/** Which failures are worth another try, and how long to wait before it. */
const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const TRANSIENT_NETWORK_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'ETIMEDOUT',
    'EPIPE',
    'EAI_AGAIN',
    'UND_ERR_SOCKET',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
    'UND_ERR_CLOSED',
]);
/** A connection reset or refused, a socket closed mid-answer: the request never got a real answer. */
function isTransientNetworkError(error) {
    let current = error;
    for (let depth = 0; current && depth < 4; depth++) {
        const code = current.code;
        if (typeof code === 'string' && TRANSIENT_NETWORK_CODES.has(code))
            return true;
        current = current.cause;
    }
    return false;
}
/** Full-jitter exponential backoff: a uniform draw below an exponentially growing, capped ceiling. */
function backoffDelay(attempt, baseMs, maxMs, random) {
    return Math.floor(random() * Math.min(maxMs, baseMs * 2 ** attempt));
}
/** The server's own wait: `retry-after-ms`/`x-ms-retry-after-ms`, else `Retry-After` in seconds or as a date. */
function retryAfterMs(headers, now) {
    for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
        const value = Number(headers.get(name));
        if (headers.has(name) && Number.isFinite(value) && value >= 0)
            return value;
    }
    const header = headers.get('retry-after');
    if (!header)
        return undefined;
    if (/^\d+(\.\d+)?$/.test(header.trim()))
        return Number(header) * 1000;
    const date = Date.parse(header);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

;// CONCATENATED MODULE: ./src/azure/arm-client.ts



const DEFAULT_API_VERSION = '2025-12-01';
/** A cached access token is replaced this long before it expires. */
const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;
/**
 * Azure Resource Manager over `fetch`: a bearer token per request, retries with full-jitter backoff that
 * honour Retry-After, long-running operations, paging, and errors that keep ARM's code and request id.
 */
class ArmClient {
    options;
    clock;
    fetch;
    random;
    origin;
    cachedToken;
    /** Counts requests sent, retries included: benchmarks read it. */
    requestCount = 0;
    constructor(options) {
        this.options = options;
        this.clock = options.clock ?? systemClock;
        this.fetch = options.fetch ?? globalThis.fetch;
        this.random = options.random ?? Math.random;
        this.origin = new URL(options.baseUrl).origin;
    }
    get(path, options = {}) {
        return this.send('GET', path, options).then((response) => response.body);
    }
    post(path, options = {}) {
        return this.send('POST', path, options).then((response) => response.body);
    }
    /**
     * PUT, PATCH, POST or DELETE that may start a long-running operation; returns the final resource.
     * Follows `Azure-AsyncOperation` on any answer that has one, `Location` on a 202, and for PUT/PATCH polls
     * the resource while its provisioningState is not final.
     */
    async begin(method, path, options = {}) {
        const deadline = this.deadline(options);
        const remaining = () => deadline - this.clock.now();
        const first = await this.send(method, path, { ...options, timeoutMs: remaining() });
        const asyncOperation = first.headers.get('azure-asyncoperation');
        const location = first.headers.get('location');
        let finalBody = undefined;
        if (asyncOperation)
            await this.followAsyncOperation(asyncOperation, first.headers, method, path, deadline, options.signal);
        else if (location && first.status === 202)
            finalBody = await this.followLocation(location, first.headers, deadline, options.signal);
        if (method === 'DELETE')
            return undefined;
        if (method === 'POST')
            return (finalBody ?? first.body);
        if (!asyncOperation && !location && isFinal(first.body))
            return first.body;
        for (;;) {
            const resource = await this.get(path, {
                signal: options.signal,
                apiVersion: options.apiVersion,
                timeoutMs: remaining(),
            });
            if (isFinal(resource))
                return resource;
            await this.pause(this.options.lroPollMs ?? 5000, deadline, options.signal, () => this.timeoutError(method, path));
        }
    }
    /** Every item of a list, following `nextLink` page by page. */
    async *list(path, options = {}) {
        let next = path;
        let query = options.query;
        while (next) {
            const page = await this.get(next, { ...options, query });
            yield* page.value ?? [];
            next = page.nextLink || undefined;
            query = undefined;
        }
    }
    async send(method, path, options = {}) {
        const url = this.resolve(path, options);
        const deadline = this.deadline(options);
        const maxRetries = this.options.maxRetries ?? 8;
        for (let attempt = 0;; attempt++) {
            if (options.signal?.aborted)
                throw abortReason(options.signal);
            let response;
            try {
                this.requestCount++;
                response = await this.fetch(url, {
                    method,
                    headers: await this.headers(options),
                    body: options.body === undefined ? undefined : JSON.stringify(options.body),
                    signal: options.signal,
                });
            }
            catch (error) {
                if (options.signal?.aborted)
                    throw abortReason(options.signal);
                const failure = this.networkError(error, method, url);
                if (!isTransientNetworkError(error) || attempt >= maxRetries)
                    throw failure;
                await this.pause(this.backoff(attempt), deadline, options.signal, () => failure);
                continue;
            }
            if (response.ok)
                return { status: response.status, headers: response.headers, body: await readJson(response) };
            const error = await this.errorFrom(response, method, url);
            if (!RETRYABLE_STATUS.has(response.status) || attempt >= maxRetries)
                throw error;
            const delay = retryAfterMs(response.headers, this.clock.now()) ?? this.backoff(attempt);
            this.options.debug?.(`ARM ${method} ${url.pathname}: ${response.status}, retrying in ${delay} ms`);
            await this.pause(delay, deadline, options.signal, () => error);
        }
    }
    async followAsyncOperation(url, initialHeaders, method, path, deadline, signal) {
        let headers = initialHeaders;
        for (;;) {
            await this.pause(this.pollDelay(headers), deadline, signal, () => this.timeoutError(method, path));
            const poll = await this.send('GET', url, {
                signal,
                timeoutMs: deadline - this.clock.now(),
            });
            const status = poll.body?.status ?? '';
            if (/^succeeded$/i.test(status))
                return;
            if (/^(failed|canceled|cancelled)$/i.test(status)) {
                const requestId = poll.headers.get('x-ms-request-id') ?? undefined;
                throw new ArmError(0, poll.body.error?.code ?? status, poll.body.error?.message ?? `The operation ended ${status}.`, method, path, requestId);
            }
            headers = poll.headers;
        }
    }
    async followLocation(url, initialHeaders, deadline, signal) {
        let headers = initialHeaders;
        for (;;) {
            await this.pause(this.pollDelay(headers), deadline, signal, () => this.timeoutError('GET', new URL(url).pathname));
            const poll = await this.send('GET', url, { signal, timeoutMs: deadline - this.clock.now() });
            if (poll.status !== 202)
                return poll.body;
            headers = poll.headers;
        }
    }
    pollDelay(headers) {
        return retryAfterMs(headers, this.clock.now()) ?? this.options.lroPollMs ?? 5000;
    }
    backoff(attempt) {
        return backoffDelay(attempt, this.options.baseDelayMs ?? 1000, this.options.maxDelayMs ?? 60_000, this.random);
    }
    /** Sleeps, unless the sleep would pass the deadline: then the error the caller would otherwise have seen. */
    async pause(ms, deadline, signal, onDeadline) {
        if (this.clock.now() + ms > deadline)
            throw onDeadline();
        await this.clock.sleep(ms, signal);
    }
    deadline(options) {
        return this.clock.now() + (options.timeoutMs ?? 10 * 60_000);
    }
    resolve(path, options) {
        if (/^https?:\/\//.test(path)) {
            const url = new URL(path);
            // Operation and paging links come from the service; the bearer token must never leave its host.
            if (url.origin !== this.origin)
                throw new ArmError(0, 'UntrustedLink', `Refusing to follow ${url.origin}, which is not ${this.origin}.`, 'GET', url.pathname, undefined);
            return url;
        }
        const url = new URL(path, this.origin);
        if (!url.searchParams.has('api-version'))
            url.searchParams.set('api-version', options.apiVersion ?? DEFAULT_API_VERSION);
        for (const [key, value] of Object.entries(options.query ?? {}))
            url.searchParams.set(key, value);
        return url;
    }
    async headers(options) {
        const headers = {
            authorization: `Bearer ${await this.token(options.signal)}`,
            accept: 'application/json',
            'user-agent': this.options.userAgent ?? 'next-item-actions',
        };
        if (options.body !== undefined)
            headers['content-type'] = 'application/json';
        return headers;
    }
    async token(signal) {
        const cached = this.cachedToken;
        if (cached && cached.expiresOnTimestamp - this.clock.now() > TOKEN_REFRESH_MARGIN_MS)
            return cached.token;
        const fresh = await this.options.credential.getToken(this.options.scope, { abortSignal: signal });
        if (!fresh)
            throw new ArmError(401, 'NoToken', 'The credential returned no access token.', 'GET', this.options.scope, undefined);
        this.cachedToken = fresh;
        return fresh.token;
    }
    async errorFrom(response, method, url) {
        const text = await response.text().catch(() => '');
        let code = response.statusText || `HTTP${response.status}`;
        let message = text.slice(0, 500) || 'No error body.';
        try {
            const body = JSON.parse(text);
            code = body.error?.code ?? body.code ?? code;
            message = body.error?.message ?? body.message ?? message;
        }
        catch {
            // Not JSON (a gateway's HTML page): keep the text.
        }
        const requestId = response.headers.get('x-ms-request-id') ??
            response.headers.get('x-ms-correlation-request-id') ??
            undefined;
        return new ArmError(response.status, code, message, method, url.pathname, requestId);
    }
    networkError(error, method, url) {
        if (error instanceof ArmError)
            return error;
        const cause = error.cause;
        const detail = cause?.code ?? cause?.message ?? error.message;
        return new ArmError(0, 'NetworkError', `no answer from ${url.host} (${detail})`, method, url.pathname, undefined);
    }
    timeoutError(method, path) {
        return new ArmError(0, 'Timeout', 'The operation did not finish before the deadline.', method, path, undefined);
    }
}
const FINAL_PROVISIONING = /^(succeeded|failed|canceled)$/i;
/** A resource without a provisioningState, or with a final one. */
function isFinal(resource) {
    const state = resource?.properties
        ?.provisioningState;
    return typeof state !== 'string' || FINAL_PROVISIONING.test(state);
}
async function readJson(response) {
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined);
}

;// CONCATENATED MODULE: ./src/azure/az-cli.ts


/** A failed `az` call: the CLI's own `(Code) message`, and the subcommand without its arguments. */
class AzCliError extends errors/* ActionError */.lZ {
    command;
    exitCode;
    code;
    cliMessage;
    constructor(command, exitCode, code, cliMessage) {
        super(`az ${command} failed (exit ${exitCode})${code ? `: (${code})` : ':'} ${cliMessage}`, az_cli_hintFor(exitCode, cliMessage));
        this.command = command;
        this.exitCode = exitCode;
        this.code = code;
        this.cliMessage = cliMessage;
        this.name = 'AzCliError';
    }
}
function az_cli_hintFor(exitCode, message) {
    if (/AADSTS700024/.test(message))
        return 'The federated token expired: give the job id-token: write so the action can log in again.';
    if (/Please run 'az login'|az login/.test(message))
        return 'Run azure/login before this step, or give client-id and tenant-id with id-token: write.';
    if (exitCode === 2)
        return 'The installed Azure CLI did not accept these arguments: update the CLI and its ml extension.';
    return undefined;
}
/** Parses the CLI's `ERROR: (Code) message` (the code is optional) from stderr. */
function parseCliError(stderr) {
    const line = stderr.split(/\r?\n/).find((text) => text.startsWith('ERROR:'));
    const text = (line ?? stderr.trim().split(/\r?\n/).slice(-1)[0] ?? '').replace(/^ERROR:\s*/, '');
    const match = /^\(([^)]+)\)\s*(.*)$/.exec(text);
    return match ? { code: match[1], message: match[2] || text } : { message: text || 'no error output' };
}
const FEDERATED_AUDIENCE = 'api://AzureADTokenExchange';
/**
 * The Azure CLI, for what only it does well (compiling and uploading pipeline YAML, remote image builds).
 * Arguments are arrays, output is JSON, and with GitHub OIDC the CLI's login is renewed before it goes stale.
 */
class AzCli {
    options;
    clock;
    lastLogin;
    cloudSet = false;
    /** Counts `az` processes started: benchmarks read it. */
    processCount = 0;
    constructor(options) {
        this.options = options;
        this.clock = options.clock ?? systemClock;
    }
    /** Runs `az ARGS -o json` and parses what it prints. */
    async json(args, options = {}) {
        const { stdout } = await this.run([...args, '--output', 'json'], options);
        try {
            return (stdout.trim() ? JSON.parse(stdout) : undefined);
        }
        catch {
            throw new AzCliError(describe(args), 0, 'InvalidOutput', `printed something that is not JSON: ${stdout.slice(0, 200)}`);
        }
    }
    /** Runs `az ARGS`; a non-zero exit becomes an AzCliError. A stale federated login is renewed once and retried. */
    async run(args, options = {}) {
        await this.ensureFreshLogin(options.signal);
        const result = await this.exec(args, options);
        if (result.exitCode === 0)
            return result;
        if (this.options.login && /AADSTS700024|AADSTS70043|token (has )?expired/i.test(result.stderr)) {
            await this.login(options.signal);
            const retried = await this.exec(args, options);
            if (retried.exitCode === 0)
                return retried;
            throw this.failure(args, retried);
        }
        throw this.failure(args, result);
    }
    failure(args, result) {
        const { code, message } = parseCliError(result.stderr);
        return new AzCliError(describe(args), result.exitCode, code, message);
    }
    async ensureFreshLogin(signal) {
        const login = this.options.login;
        if (!login)
            return;
        const maxAge = login.maxAgeMs ?? 4 * 60_000;
        if (this.lastLogin !== undefined && this.clock.now() - this.lastLogin < maxAge)
            return;
        await this.login(signal);
    }
    async login(signal) {
        const login = this.options.login;
        if (this.options.cloud && this.options.cloud !== 'AzureCloud' && !this.cloudSet) {
            await this.checked(['cloud', 'set', '--name', this.options.cloud], signal);
            this.cloudSet = true;
        }
        const token = await login.getIdToken(FEDERATED_AUDIENCE);
        this.options.secret?.(token);
        const startedAt = this.clock.now();
        await this.checked([
            'login',
            '--service-principal',
            '--username',
            login.clientId,
            '--tenant',
            login.tenantId,
            '--federated-token',
            token,
            '--allow-no-subscriptions',
            '--output',
            'none',
        ], signal);
        this.lastLogin = startedAt;
    }
    async checked(args, signal) {
        const result = await this.exec(args, { signal });
        if (result.exitCode !== 0)
            throw this.failure(args, result);
    }
    async exec(args, options) {
        this.processCount++;
        this.options.debug?.(`az ${describe(args)}`);
        return this.options.runner.run('az', args, options);
    }
}
/** The subcommand words only (`ml job create`): arguments may hold tokens and never reach a log. */
function describe(args) {
    const words = [];
    for (const arg of args) {
        if (arg.startsWith('-'))
            break;
        words.push(arg);
    }
    return words.join(' ');
}

// EXTERNAL MODULE: ./src/azure/clouds.ts
var clouds = __webpack_require__(681);
// EXTERNAL MODULE: ./node_modules/@azure/identity/dist/esm/index.js + 288 modules
var esm = __webpack_require__(6341);
;// CONCATENATED MODULE: ./src/azure/credentials.ts


/** True when the runner gives this job the means to ask GitHub for OIDC ID tokens. */
function githubOidcAvailable(env = process.env) {
    return Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
}
/**
 * GitHub OIDC → Entra when a client id, a tenant id and an ID-token issuer are at hand. The assertion
 * callback asks GitHub for a new ID token every time Entra needs one, so an access token can be renewed
 * hours into a job without presenting an expired assertion (AADSTS700024). Otherwise, the CLI's login.
 */
function chooseCredential(options) {
    const { cloud, clientId, tenantId, getIdToken } = options;
    if (clientId && tenantId && getIdToken) {
        const credential = new esm/* ClientAssertionCredential */.XI(tenantId, clientId, () => getIdToken(FEDERATED_AUDIENCE), {
            authorityHost: cloud.authorityHost,
            // MSAL checks an authority it does not know against the public cloud's discovery endpoint, which a
            // private or sovereign deployment does not answer; its own metadata is enough.
            disableInstanceDiscovery: !cloud.knownAuthority,
        });
        return { kind: 'github-oidc', credential };
    }
    return { kind: 'azure-cli', credential: cliCredential(options.az) };
}
/** Access tokens from `az account get-access-token`: the login that `azure/login` or a person made. */
function cliCredential(az) {
    return {
        async getToken(scope, options) {
            const result = await az.json(['account', 'get-access-token', '--scope', scope], { signal: options?.abortSignal });
            const expiresOn = result.expires_on !== undefined
                ? Number(result.expires_on) * 1000
                : Date.parse(result.expiresOn ?? '') || Date.now() + 5 * 60_000;
            return { token: result.accessToken, expiresOnTimestamp: expiresOn };
        },
    };
}

;// CONCATENATED MODULE: ./src/azure/session.ts





/** One credential shared by the ARM client and the CLI, so both log in the same way and stay fresh. */
function openAzureSession(target, deps) {
    const clock = deps.clock ?? systemClock;
    const cloud = (0,clouds/* cloudEndpoints */.So)(target.cloud, deps.env);
    const oidc = githubOidcAvailable(deps.env) && target.clientId && target.tenantId;
    const login = oidc
        ? { clientId: target.clientId, tenantId: target.tenantId, getIdToken: deps.getIdToken }
        : undefined;
    const az = new AzCli({
        runner: deps.runner,
        clock,
        cloud: target.cloud,
        login,
        secret: deps.secret,
        debug: deps.debug,
    });
    const choice = chooseCredential({
        cloud,
        clientId: target.clientId,
        tenantId: target.tenantId,
        getIdToken: oidc ? deps.getIdToken : undefined,
        az,
    });
    const credential = masked(choice.credential, deps.secret);
    const clientFor = (baseUrl) => new ArmClient({
        baseUrl,
        credential,
        scope: (0,clouds/* armScope */.Rz)(cloud),
        clock,
        fetch: deps.fetch,
        userAgent: deps.userAgent,
        debug: deps.debug,
    });
    const token = async (scope) => {
        const issued = await credential.getToken(scope);
        if (!issued)
            throw new Error(`No token for ${scope}.`);
        return issued.token;
    };
    return {
        target,
        cloud,
        credentialKind: choice.kind,
        arm: clientFor(cloud.resourceManager),
        az,
        clientFor,
        token,
    };
}
function masked(source, secret) {
    return {
        async getToken(scope, options) {
            const token = await source.getToken(scope, options);
            if (token)
                secret(token.token);
            return token;
        },
    };
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./src/azure/process-runner.ts

const spawnRunner = {
    run: (command, args, options = {}) => new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)(command, args, {
            stdio: ['ignore', 'pipe', 'pipe'],
            env: options.env ?? process.env,
            cwd: options.cwd,
            signal: options.signal,
        });
        const out = { stdout: [], stderr: [] };
        for (const stream of ['stdout', 'stderr']) {
            child[stream].setEncoding('utf8');
            child[stream].on('data', (chunk) => {
                out[stream].push(chunk);
                options.onOutput?.(chunk, stream);
            });
        }
        child.on('error', reject);
        child.on('close', (code, signal) => resolve({
            exitCode: code ?? (signal ? 128 : 1),
            stdout: out.stdout.join(''),
            stderr: out.stderr.join(''),
        }));
    }),
};

;// CONCATENATED MODULE: ./src/actions/shared/runtime.ts




const USER_AGENT = 'next-item-actions/1';
/** The Azure session of a real run: GitHub's ID tokens, real processes, masked secrets. */
function openRunnerSession(target) {
    const session = openAzureSession(target, {
        env: process.env,
        runner: spawnRunner,
        getIdToken: (audience) => core/* getIDToken */.V9(audience),
        secret: (value) => core/* setSecret */.Pq(value),
        debug: (line) => core/* debug */.Yz(line),
        userAgent: USER_AGENT,
    });
    workflowLog.info(session.credentialKind === 'github-oidc'
        ? `Signing in to ${target.cloud} with GitHub OIDC (client ${target.clientId}); tokens are renewed as they expire.`
        : `Signing in to ${target.cloud} with the Azure CLI's current login (no client-id/tenant-id with id-token permission).`);
    return session;
}

;// CONCATENATED MODULE: ./src/actions/deploy-endpoint/traffic-plan.ts
/**
 * Live traffic after a new deployment: unchanged at a 0% share; with a share above 0 the others keep their
 * proportions of what is left (largest remainders, so the whole is always 100); a split is taken as given.
 */
function trafficWithNewDeployment(before, name, request) {
    if (request.kind === 'split')
        return { ...request.split };
    const live = Object.entries(before).filter(([, share]) => share > 0);
    if (request.percent === 0)
        return Object.fromEntries(live);
    if (live.length === 0 || request.percent === 100)
        return { [name]: 100 };
    const rest = 100 - request.percent;
    const total = live.reduce((sum, [, share]) => sum + share, 0);
    const exact = live.map(([deployment, share]) => ({ deployment, value: (share / total) * rest }));
    const result = Object.fromEntries(exact.map(({ deployment, value }) => [deployment, Math.floor(value)]));
    let missing = rest - Object.values(result).reduce((sum, share) => sum + share, 0);
    for (const { deployment } of [...exact].sort((a, b) => (b.value % 1) - (a.value % 1))) {
        if (missing-- <= 0)
            break;
        result[deployment] += 1;
    }
    return { ...result, [name]: request.percent };
}
function describeTraffic(traffic) {
    const entries = Object.entries(traffic).filter(([, share]) => share > 0);
    return entries.length ? entries.map(([name, share]) => `${name} ${share}%`).join(', ') : 'none';
}

;// CONCATENATED MODULE: ./src/actions/deploy-endpoint/deploy-endpoint.ts
















const AUTH_MODE = { aml_token: 'AMLToken', key: 'Key', aad_token: 'AADToken' };
const LOG_TAIL = 60;
async function deployEndpoint(inputs) {
    const termination = abortOnTermination();
    try {
        const session = openRunnerSession(inputs.target);
        const endpoints = new MlEndpoints(session.arm, inputs.target);
        const context = {
            inputs,
            endpoints,
            signal: termination.signal,
            studio: session.cloud.studio,
            location: () => getWorkspace(session.arm, inputs.target, termination.signal).then((w) => w.location),
        };
        if (inputs.mode === 'deploy')
            await deploy(context);
        else if (inputs.mode === 'promote')
            await promote(context);
        else
            await rollback(context);
    }
    finally {
        termination.dispose();
    }
}
function endpointUrl(context) {
    const { target, endpoint } = context.inputs;
    return `${context.studio}/endpoints/realtime/${endpoint}/detail?wsid=${workspacePath(target)}`;
}
async function deploy(context) {
    const { inputs, endpoints, signal } = context;
    const log = workflowLog;
    const endpointYaml = readYamlInput('endpoint-file', inputs.endpointFile);
    const deploymentYaml = readYamlInput('deployment-file', inputs.deploymentFile);
    const location = await context.location();
    let endpoint = await endpoints.get(inputs.endpoint, signal);
    if (!endpoint) {
        log.info(`Creating endpoint ${inputs.endpoint} (${AUTH_MODE[inputs.authMode]} auth) in ${location}.`);
        endpoint = await endpoints.create(inputs.endpoint, { location, authMode: AUTH_MODE[inputs.authMode], tags: endpointYaml.tags ?? {} }, signal, inputs.timeoutMs);
    }
    else if (endpoint.authMode !== AUTH_MODE[inputs.authMode]) {
        log.warning(`Endpoint ${inputs.endpoint} uses ${endpoint.authMode} auth; auth-mode ${inputs.authMode} only applies when the endpoint is created.`);
    }
    const before = endpoint.traffic;
    const previous = liveDeployment(before);
    const existing = (await endpoints.deployments(inputs.endpoint, signal)).map((deployment) => deployment.name.toLowerCase());
    const name = inputs.deployment ?? deploymentName(inputs, existing);
    if (previous && name.toLowerCase() === previous.toLowerCase()) {
        throw new errors/* ActionError */.lZ(`Deployment ${name} serves ${before[previous]}% of ${inputs.endpoint}'s traffic: deploying over it would replace the live model in place.`, 'Leave deployment empty to get a fresh name, or name a deployment that is not live.');
    }
    const image = inputs.image;
    const environmentId = await endpoints.putEnvironment(`${inputs.endpoint}-triton`, (0,external_node_crypto_.createHash)('sha256').update(image).digest('hex').slice(0, 16), {
        image,
        osType: 'Linux',
        description: `Triton serving image ${image}`,
        inferenceConfig: inferenceConfig(deploymentYaml),
    }, signal);
    const modelArmId = modelPath(inputs);
    const body = deploymentBody(deploymentYaml, {
        location,
        modelArmId,
        environmentId,
        instanceType: inputs.instanceType,
        instanceCount: inputs.instanceCount,
    });
    log.info(`Creating deployment ${name} on ${inputs.endpoint}: ${inputs.modelId} on ${image}, ${inputs.instanceCount} x ${inputs.instanceType}. Traffic stays ${describeTraffic(before)} until it is ready.`);
    const operation = await endpoints.startDeployment(inputs.endpoint, name, body, signal);
    const outcome = await followProvisioning(context, name, operation);
    if (outcome.status !== 'Succeeded')
        await failedDeployment(context, name, outcome, before);
    let after;
    const traffic = trafficWithNewDeployment(before, name, inputs.traffic);
    const mirror = inputs.mirrorPercent > 0 ? { [name]: inputs.mirrorPercent } : {};
    if (JSON.stringify(traffic) !== JSON.stringify(before) ||
        JSON.stringify(mirror) !== JSON.stringify(endpoint.mirrorTraffic)) {
        after = await endpoints.setTraffic(inputs.endpoint, traffic, mirror, signal, inputs.timeoutMs);
    }
    else {
        after = (await endpoints.get(inputs.endpoint, signal));
    }
    log.info(`Deployment ${name} is ready. Traffic: ${describeTraffic(before)} → ${describeTraffic(after.traffic)}${inputs.mirrorPercent ? `, mirroring ${inputs.mirrorPercent}% to ${name}` : ''}.`);
    await report(context, after, name, previous, before, `Deployed ${name}`);
}
async function promote(context) {
    const { inputs, endpoints, signal } = context;
    const name = inputs.deployment;
    const endpoint = await requireEndpoint(context);
    const deployment = await endpoints.deployment(inputs.endpoint, name, signal);
    if (!deployment)
        throw new errors/* ActionError */.lZ(`Deployment ${name} is not on endpoint ${inputs.endpoint}: nothing to promote.`);
    if (deployment.provisioningState !== 'Succeeded')
        throw new errors/* ActionError */.lZ(`Deployment ${name} is ${deployment.provisioningState}: only a Succeeded deployment can take traffic.`);
    const before = endpoint.traffic;
    const previous = liveDeployment(before, name);
    const after = await endpoints.setTraffic(inputs.endpoint, { [deployment.name]: 100 }, {}, signal, inputs.timeoutMs);
    workflowLog.info(`Promoted ${name}: traffic ${describeTraffic(before)} → ${describeTraffic(after.traffic)}.`);
    if (!inputs.keepPrevious) {
        for (const other of await endpoints.deployments(inputs.endpoint, signal)) {
            if (other.name.toLowerCase() === name.toLowerCase())
                continue;
            workflowLog.info(`Deleting deployment ${other.name} (keep-previous: false).`);
            await endpoints.deleteDeployment(inputs.endpoint, other.name, signal, inputs.timeoutMs);
        }
    }
    await report(context, after, name, previous, before, `Promoted ${name}`);
}
async function rollback(context) {
    const { inputs, endpoints, signal } = context;
    const name = inputs.deployment;
    const endpoint = await requireEndpoint(context);
    const before = endpoint.traffic;
    const deployments = await endpoints.deployments(inputs.endpoint, signal);
    const previous = inputs.previousDeployment ??
        liveDeployment(before, name) ??
        deployments.find((d) => d.name.toLowerCase() !== name.toLowerCase() && d.provisioningState === 'Succeeded')?.name;
    if (previous && !deployments.some((d) => d.name.toLowerCase() === previous.toLowerCase())) {
        throw new errors/* ActionError */.lZ(`previous-deployment ${previous} is not on endpoint ${inputs.endpoint}.`);
    }
    const after = await endpoints.setTraffic(inputs.endpoint, previous ? { [previous]: 100 } : {}, {}, signal, inputs.timeoutMs);
    if (deployments.some((d) => d.name.toLowerCase() === name.toLowerCase())) {
        workflowLog.info(`Deleting deployment ${name}.`);
        await endpoints.deleteDeployment(inputs.endpoint, name, signal, inputs.timeoutMs);
    }
    workflowLog.info(`Rolled back ${name}: traffic ${describeTraffic(before)} → ${describeTraffic(after.traffic)}.`);
    await report(context, after, previous ?? '', previous, before, `Rolled back ${name}`);
}
async function requireEndpoint(context) {
    const endpoint = await context.endpoints.get(context.inputs.endpoint, context.signal);
    if (!endpoint)
        throw new errors/* ActionError */.lZ(`Endpoint ${context.inputs.endpoint} does not exist in workspace ${context.inputs.target.workspace}.`);
    return endpoint;
}
/** Follows the deployment's operation with a line per state change and a heartbeat while it provisions. */
async function followProvisioning(context, name, operation) {
    const { endpoints, inputs, signal } = context;
    const clock = systemClock;
    const start = clock.now();
    let last = '';
    let lastLine = start;
    return waitFor({
        clock,
        what: `deployment ${name}`,
        timeoutMs: inputs.timeoutMs,
        signal,
        delay: adaptiveDelay({ minMs: 1000, maxMs: 20_000, fraction: 0.05 }),
        poll: async () => {
            const state = operation
                ? await endpoints
                    .operation(operation, signal)
                    .then((op) => ({
                    status: op.status === 'InProgress' ? 'Creating' : op.status,
                    code: op.error?.code,
                    message: op.error?.message,
                }))
                : {
                    status: (await endpoints.deployment(inputs.endpoint, name, signal))?.provisioningState ?? 'Unknown',
                };
            const elapsed = `[${(0,duration/* formatDuration */.a)(clock.now() - start).padStart(7)}]`;
            if (state.status !== last || clock.now() - lastLine > 120_000) {
                workflowLog.info(`${elapsed} deployment ${name}: ${state.status}`);
                last = state.status;
                lastLine = clock.now();
            }
            return ['Succeeded', 'Failed', 'Canceled'].includes(state.status) ? state : undefined;
        },
    });
}
/** Shows why a deployment failed (the containers' log tails), removes it unless asked not to; traffic is untouched. */
async function failedDeployment(context, name, outcome, traffic) {
    const { endpoints, inputs, signal } = context;
    const tails = [];
    for (const container of ['InferenceServer', 'StorageInitializer']) {
        const text = await endpoints
            .logs(inputs.endpoint, name, container, LOG_TAIL, signal)
            .catch((error) => `(could not read the log: ${error.message})`);
        tails.push([container, text]);
        await workflowLog.group(`${container} log of ${name} (last ${LOG_TAIL} lines)`, async () => workflowLog.info(text));
    }
    const kept = inputs.keepFailed;
    if (!kept)
        await endpoints
            .deleteDeployment(inputs.endpoint, name, signal, inputs.timeoutMs)
            .catch((error) => workflowLog.warning(`Deleting the failed deployment failed: ${error.message}`));
    await writeSummary(`## Deployment ${name} failed: ${outcome.code ?? outcome.status}\n\n${outcome.message ?? ''}\n\nTraffic left as it was: ${describeTraffic(traffic)}. ${kept ? 'The failed deployment was kept (keep-failed).' : 'The failed deployment was deleted.'}\n\n` +
        tails
            .map(([container, text]) => `### ${container} (last lines)\n\n\`\`\`\n${text.split('\n').slice(-25).join('\n')}\n\`\`\`\n`)
            .join('\n'));
    const lastServerLine = tails[0][1]
        .trim()
        .split('\n')
        .filter((line) => line.trim())
        .slice(-3)
        .join(' | ');
    throw new errors/* ActionError */.lZ(`Deployment ${name} on ${inputs.endpoint} ${outcome.status}: ${outcome.code ? `(${outcome.code}) ` : ''}${outcome.message ?? ''} Inference server log ends: ${lastServerLine}. Traffic is unchanged (${describeTraffic(traffic)}).`, kept
        ? 'The deployment was kept for debugging (keep-failed: true).'
        : 'The failed deployment was deleted; keep-failed: true keeps it for debugging.');
}
async function report(context, endpoint, deployment, previous, before, title) {
    setOutputs({
        'endpoint-name': endpoint.name,
        'scoring-uri': endpoint.scoringUri,
        'deployment-name': deployment,
        'previous-deployment': previous ?? '',
        traffic: JSON.stringify(endpoint.traffic),
        'endpoint-url': endpointUrl(context),
    });
    const names = [
        ...new Set([...Object.keys(before), ...Object.keys(endpoint.traffic), deployment].filter(Boolean)),
    ];
    await writeSummary(`## ${title} on [${endpoint.name}](${endpointUrl(context)})\n\n` +
        markdownTable(['deployment', 'traffic before', 'traffic after'], names.map((name) => [name, `${before[name] ?? 0}%`, `${endpoint.traffic[name] ?? 0}%`])) +
        `\nScoring URI: \`${endpoint.scoringUri}\`\n`);
}
function modelPath(inputs) {
    const id = inputs.modelId;
    if (id.startsWith('/subscriptions/'))
        return id;
    const [name, version] = id.replace(/^azureml:/, '').split(':');
    return `${workspacePath(inputs.target)}/models/${name}/versions/${version}`;
}
/** A name that says which model it serves and never repeats one on the endpoint. */
function deploymentName(inputs, existing) {
    const version = (inputs.modelId.split(/[:/]/).pop() ?? 'm').replace(/[^A-Za-z0-9]/g, '').slice(0, 8) || 'm';
    const run = githubRun();
    for (let attempt = 0;; attempt++) {
        const suffix = (0,external_node_crypto_.createHash)('sha256')
            .update(`${inputs.modelId}|${inputs.image}|${run.runId}|${run.attempt}|${attempt}|${attempt ? Math.random() : ''}`)
            .digest('hex')
            .slice(0, 6);
        const name = `v${version}-${suffix}`;
        if (!existing.includes(name.toLowerCase()))
            return name;
    }
}


/***/ })

};
