export const id = 327;
export const ids = [327];
export const modules = {

/***/ 2327:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  smokeScore: () => (/* binding */ smokeScore)
});

// EXTERNAL MODULE: ./src/kit/errors.ts
var errors = __webpack_require__(3713);
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

// EXTERNAL MODULE: ./src/kit/duration.ts
var duration = __webpack_require__(438);
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

;// CONCATENATED MODULE: ./src/triton/answer-check.ts
/** Every way an answer to a top-k request can be wrong; empty when it is right. */
function checkAnswer(answer, expect) {
    const problems = [];
    const find = (spec) => {
        const tensor = answer.outputs?.find((output) => output.name === spec.name);
        if (!tensor)
            problems.push(`no output named ${spec.name} (got ${(answer.outputs ?? []).map((o) => o.name).join(', ') || 'none'})`);
        return tensor;
    };
    const ids = find(expect.ids);
    const scores = find(expect.scores);
    for (const [tensor, spec] of [
        [ids, expect.ids],
        [scores, expect.scores],
    ]) {
        if (!tensor)
            continue;
        if (tensor.datatype !== spec.datatype)
            problems.push(`${spec.name} is ${tensor.datatype}, expected ${spec.datatype}`);
        const shape = JSON.stringify(tensor.shape);
        if (shape !== JSON.stringify([expect.rows, expect.topK]))
            problems.push(`${spec.name} has shape ${shape}, expected [${expect.rows},${expect.topK}] (one row per session of two or more events)`);
        const data = [tensor.data].flat(Infinity);
        if (data.length !== expect.rows * expect.topK)
            problems.push(`${spec.name} has ${data.length} values, expected ${expect.rows * expect.topK}`);
    }
    if (ids && ![ids.data].flat(Infinity).every((value) => Number.isInteger(value)))
        problems.push('item ids are not all integers');
    if (scores && problems.length === 0) {
        const values = [scores.data].flat(Infinity);
        for (let row = 0; row < expect.rows; row++) {
            const slice = values.slice(row * expect.topK, (row + 1) * expect.topK);
            if (slice.some((value, i) => i > 0 && value > slice[i - 1])) {
                problems.push(`scores of row ${row} are not in non-increasing order`);
                break;
            }
        }
    }
    return problems;
}
/** Rows the model answers: sessions (by session_id) with at least two events. */
function sessionsWithTwoEvents(sessionIds) {
    const counts = new Map();
    for (const id of sessionIds)
        counts.set(id, (counts.get(id) ?? 0) + 1);
    return [...counts.values()].filter((count) => count >= 2).length;
}
function percentile(sorted, p) {
    if (sorted.length === 0)
        return 0;
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
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

;// CONCATENATED MODULE: ./src/actions/smoke-score/smoke-score.ts











async function smokeScore(inputs) {
    const log = workflowLog;
    const termination = abortOnTermination();
    const { signal } = termination;
    const request = inputs.request;
    if (!Array.isArray(request?.inputs))
        throw new errors/* ActionError */.lZ(`request-file ${inputs.requestFile} has no inputs array: expected a KServe v2 inference request.`);
    const session = openRunnerSession(inputs.target);
    const endpoints = new MlEndpoints(session.arm, inputs.target);
    const endpoint = await endpoints.get(inputs.endpoint, signal);
    if (!endpoint)
        throw new errors/* ActionError */.lZ(`Endpoint ${inputs.endpoint} does not exist in workspace ${inputs.target.workspace}.`);
    const credential = endpoint.authMode === 'Key'
        ? (await endpoints.keys(inputs.endpoint, signal)).primaryKey
        : endpoint.authMode === 'AMLToken'
            ? await endpoints.amlToken(inputs.endpoint, signal)
            : await session.token('https://ml.azure.com/.default');
    core/* setSecret */.Pq(credential);
    const base = endpoint.scoringUri.endsWith('/') ? endpoint.scoringUri : `${endpoint.scoringUri}/`;
    const headers = {
        authorization: `Bearer ${credential}`,
        'content-type': 'application/json',
    };
    if (inputs.deployment)
        headers['azureml-model-deployment'] = inputs.deployment;
    const target = inputs.deployment
        ? `deployment ${inputs.deployment}`
        : `endpoint ${inputs.endpoint} (by traffic)`;
    log.info(`Waiting for ${target} to be ready at ${base}v2/health/ready.`);
    await waitFor({
        clock: systemClock,
        what: `${target} to be ready`,
        timeoutMs: inputs.timeoutMs,
        signal,
        delay: adaptiveDelay({ minMs: 1000, maxMs: 15_000, fraction: 0.1 }),
        poll: async () => {
            const response = await fetch(`${base}v2/health/ready`, { headers, signal });
            await response.arrayBuffer();
            if (response.ok)
                return true;
            if (response.status === 401 || response.status === 403)
                throw new errors/* ActionError */.lZ(`The endpoint refused the ${endpoint.authMode} credential (${response.status}).`);
            if (response.status === 404)
                throw new errors/* ActionError */.lZ(`${target} was not found behind ${base} (404).`);
            return undefined;
        },
    });
    const metadataResponse = await fetch(`${base}v2/models/${inputs.model}`, { headers, signal });
    if (!metadataResponse.ok)
        throw new errors/* ActionError */.lZ(`GET v2/models/${inputs.model} answered ${metadataResponse.status}: ${await metadataResponse.text()}`);
    const metadata = (await metadataResponse.json());
    const expectation = expect(metadata, request.inputs, inputs);
    log.info(`Model ${inputs.model}: inputs ${metadata.inputs.map((i) => `${i.name}:${i.datatype}`).join(', ')}; expecting ${expectation.rows} rows of ${inputs.topK} items per answer.`);
    const body = JSON.stringify(request);
    const latencies = [];
    const failures = [];
    let firstAnswer;
    let next = 0;
    const worker = async () => {
        while (next < inputs.requests && !signal.aborted) {
            const index = next++;
            const started = performance.now();
            const response = await fetch(`${base}v2/models/${inputs.model}/infer`, {
                method: 'POST',
                headers,
                body,
                signal,
            });
            const text = await response.text();
            latencies.push(performance.now() - started);
            if (response.status !== 200) {
                failures.push(`request ${index + 1}: HTTP ${response.status} ${text.slice(0, 200)}`);
                continue;
            }
            const answer = JSON.parse(text);
            firstAnswer ??= answer;
            for (const problem of checkAnswer(answer, expectation))
                failures.push(`request ${index + 1}: ${problem}`);
        }
    };
    const wallStart = performance.now();
    await Promise.all(Array.from({ length: Math.min(inputs.concurrency, inputs.requests) }, worker));
    const wall = performance.now() - wallStart;
    const sorted = [...latencies].sort((a, b) => a - b);
    const p50 = percentile(sorted, 50);
    const p95 = percentile(sorted, 95);
    const max = sorted.at(-1) ?? 0;
    const recommendations = firstAnswer ? topItems(firstAnswer, expectation, 5) : [];
    setOutputs({
        'p50-ms': p50.toFixed(1),
        'p95-ms': p95.toFixed(1),
        'max-ms': max.toFixed(1),
        requests: String(latencies.length),
        recommendations: JSON.stringify(recommendations),
    });
    await writeSummary(`## Smoke test of ${target}: ${failures.length ? '❌' : '✅'}\n\n` +
        markdownTable(['requests', 'concurrency', 'p50 ms', 'p95 ms', 'max ms', 'requests/s', 'failed checks'], [
            [
                String(latencies.length),
                String(inputs.concurrency),
                p50.toFixed(1),
                p95.toFixed(1),
                max.toFixed(1),
                ((latencies.length / wall) * 1000).toFixed(1),
                String(failures.length),
            ],
        ]) +
        (recommendations.length
            ? `\nTop ${recommendations.length} for the first sample session:\n\n${markdownTable(['rank', 'item id', 'score'], recommendations.map((r, i) => [String(i + 1), String(r.item), r.score.toFixed(4)]))}`
            : '') +
        (failures.length
            ? `\n### Failed checks\n\n${failures
                .slice(0, 20)
                .map((f) => `- ${f}`)
                .join('\n')}\n`
            : ''));
    log.info(`${latencies.length} requests at concurrency ${inputs.concurrency}: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${max.toFixed(1)} ms.`);
    termination.dispose();
    if (failures.length)
        throw new errors/* ActionError */.lZ(`${failures.length} check(s) failed against ${target}; first: ${failures[0]}`);
    if (p95 > inputs.maxP95Ms)
        throw new errors/* ActionError */.lZ(`p95 latency ${p95.toFixed(1)} ms is over max-p95-ms ${inputs.maxP95Ms}.`);
}
function expect(metadata, request, inputs) {
    for (const spec of metadata.inputs) {
        const tensor = request.find((input) => input.name === spec.name);
        if (!tensor)
            throw new errors/* ActionError */.lZ(`request-file lacks the model input ${spec.name} (${spec.datatype}); the model takes ${metadata.inputs.map((i) => i.name).join(', ')}.`);
        if (tensor.datatype !== spec.datatype)
            throw new errors/* ActionError */.lZ(`request-file sends ${spec.name} as ${tensor.datatype}; the model takes ${spec.datatype}.`);
    }
    const ids = metadata.outputs.find((output) => output.name === 'item_ids');
    const scores = metadata.outputs.find((output) => output.name === 'item_id_scores');
    if (!ids || !scores)
        throw new errors/* ActionError */.lZ(`Model ${inputs.model} has no item_ids/item_id_scores outputs (it has ${metadata.outputs.map((o) => o.name).join(', ')}): export it with top_k set.`);
    const sessions = request.find((input) => input.name === 'session_id');
    if (!sessions)
        throw new errors/* ActionError */.lZ('request-file has no session_id input: rows per answer cannot be known.');
    const rows = sessionsWithTwoEvents([sessions.data].flat(Infinity));
    if (rows === 0)
        throw new errors/* ActionError */.lZ('request-file has no session with two or more events: the model answers nothing for it.');
    return { rows, topK: inputs.topK, ids, scores };
}
function topItems(answer, expectation, count) {
    const ids = [answer.outputs?.find((o) => o.name === expectation.ids.name)?.data ?? []].flat(Infinity);
    const scores = [answer.outputs?.find((o) => o.name === expectation.scores.name)?.data ?? []].flat(Infinity);
    return ids.slice(0, Math.min(count, expectation.topK)).map((item, i) => ({ item, score: scores[i] ?? 0 }));
}


/***/ })

};
