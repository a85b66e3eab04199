export const id = 689;
export const ids = [689];
export const modules = {

/***/ 6689:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  buildTriton: () => (/* binding */ buildTriton)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
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

// EXTERNAL MODULE: ./src/kit/errors.ts
var errors = __webpack_require__(3713);
;// CONCATENATED MODULE: ./src/azure/az-cli.ts


/** A failed `az` call: the CLI's own `(Code) message`, and the subcommand without its arguments. */
class AzCliError extends errors/* ActionError */.lZ {
    command;
    exitCode;
    code;
    cliMessage;
    constructor(command, exitCode, code, cliMessage) {
        super(`az ${command} failed (exit ${exitCode})${code ? `: (${code})` : ':'} ${cliMessage}`, hintFor(exitCode, cliMessage));
        this.command = command;
        this.exitCode = exitCode;
        this.code = code;
        this.cliMessage = cliMessage;
        this.name = 'AzCliError';
    }
}
function hintFor(exitCode, message) {
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
        super(`${method} ${path} failed: ${status ? `${status} ` : ''}${code}: ${armMessage}${requestId ? ` (x-ms-request-id ${requestId})` : ''}`, arm_error_hintFor(status, code));
        this.status = status;
        this.code = code;
        this.armMessage = armMessage;
        this.method = method;
        this.path = path;
        this.requestId = requestId;
        this.name = 'ArmError';
    }
}
function arm_error_hintFor(status, code) {
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

;// CONCATENATED MODULE: ./src/azure/acr.ts



const ACR_API_VERSION = '2023-07-01';
function registryPath(target, name) {
    return `/subscriptions/${encodeURIComponent(target.subscriptionId)}/resourceGroups/${encodeURIComponent(target.resourceGroup)}/providers/Microsoft.ContainerRegistry/registries/${encodeURIComponent(name)}`;
}
/** The registry at an ARM id (the workspace's containerRegistry) or by name in the workspace's resource group. */
async function getRegistry(arm, idOrPath, signal) {
    try {
        const body = await arm.get(idOrPath, {
            apiVersion: ACR_API_VERSION,
            signal,
        });
        return { id: body.id, name: body.name, loginServer: body.properties.loginServer };
    }
    catch (error) {
        if (error instanceof ArmError && error.status === 404) {
            throw new errors/* ActionError */.lZ(`Container registry ${idOrPath.split('/').pop()} was not found (${idOrPath}).`, "Give registry the name of an ACR in the workspace's resource group, or leave it empty to use the workspace's own registry.");
        }
        throw error;
    }
}
/** The digest of `repository:tag` in the registry, or undefined when no such tag exists. */
async function tagDigest(az, registry, image, signal) {
    try {
        const shown = await az.json(['acr', 'repository', 'show', '--name', registry, '--image', image], { signal });
        return shown.digest;
    }
    catch (error) {
        if (error instanceof AzCliError &&
            /manifest unknown|not found|MANIFEST_UNKNOWN|NAME_UNKNOWN/i.test(error.cliMessage))
            return undefined;
        throw error;
    }
}
/**
 * A remote build with ACR Tasks, its log streamed as it comes. Returns the digest of the image built.
 * On failure the error carries the tail of the run's log.
 */
async function acrBuild(az, request, onLog, signal) {
    let output = '';
    const args = [
        'acr',
        'build',
        '--registry',
        request.registry,
        '--image',
        request.image,
        '--file',
        request.dockerfile,
        '--platform',
        request.platform,
        '--timeout',
        String(request.timeoutSeconds),
        ...request.buildArgs.flatMap(([key, value]) => ['--build-arg', `${key}=${value}`]),
        '--output',
        'json',
        request.context,
    ];
    try {
        const { stdout } = await az.run(args, {
            signal,
            onOutput: (chunk) => {
                output += chunk;
                onLog(chunk);
            },
        });
        return trailingJson(stdout)?.output_images?.[0]?.digest;
    }
    catch (error) {
        if (error instanceof AzCliError) {
            const tail = output.trim().split(/\r?\n/).slice(-25).join('\n');
            throw new errors/* ActionError */.lZ(`ACR build of ${request.image} in ${request.registry} failed: ${error.cliMessage.split('\n').slice(-1)[0]}\nLast lines of the build log:\n${tail}`);
        }
        throw error;
    }
}
/** `az acr build` prints the log, then the run as JSON: the last top-level `{ ... }` block. */
function trailingJson(stdout) {
    const start = stdout.lastIndexOf('\n{');
    const text = start >= 0 ? stdout.slice(start + 1) : stdout.trimStart().startsWith('{') ? stdout : '';
    try {
        return text ? JSON.parse(text) : undefined;
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/azure/target.ts
function workspacePath(target) {
    const part = encodeURIComponent;
    return (`/subscriptions/${part(target.subscriptionId)}/resourceGroups/${part(target.resourceGroup)}` +
        `/providers/Microsoft.MachineLearningServices/workspaces/${part(target.workspace)}`);
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

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/kit/content-hash.ts



/**
 * A hash of a folder's files (paths and bytes, in a stable order) and of extra values such as the
 * effective inputs: equal hashes mean an equal build or run, whatever the checkout's timestamps.
 */
async function hashContent(folders, extra = {}) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for (const folder of folders) {
        for (const file of await listFiles(folder)) {
            const name = (0,external_node_path_.relative)(folder, file).split(external_node_path_.sep).join('/');
            hash.update(`file\0${name}\0`);
            hash.update(await (0,promises_.readFile)(file));
            hash.update('\0');
        }
    }
    for (const key of Object.keys(extra).sort())
        hash.update(`extra\0${key}\0${extra[key]}\0`);
    return hash.digest('hex');
}
async function listFiles(folder) {
    const entries = await (0,promises_.readdir)(folder, { withFileTypes: true, recursive: true });
    return entries
        .filter((entry) => entry.isFile() && !entry.parentPath.split(external_node_path_.sep).includes('__pycache__'))
        .map((entry) => (0,external_node_path_.join)(entry.parentPath, entry.name))
        .sort();
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

;// CONCATENATED MODULE: ./src/actions/build-triton/build-triton.ts









async function buildTriton(inputs) {
    const log = workflowLog;
    const termination = abortOnTermination();
    const { signal } = termination;
    const buildArgs = [['BASE_IMAGE', inputs.baseImage], ...inputs.buildArgs];
    const dockerfile = (0,external_node_path_.relative)(inputs.context, inputs.dockerfile);
    const tag = inputs.tag ??
        `ctx-${(await hashContent([inputs.context], { dockerfile, platform: inputs.platform, buildArgs: buildArgs.map(([k, v]) => `${k}=${v}`).join('\n') })).slice(0, 16)}`;
    const session = openRunnerSession(inputs.target);
    let registryId;
    if (inputs.registry) {
        registryId = registryPath(inputs.target, inputs.registry);
    }
    else {
        const workspace = await getWorkspace(session.arm, inputs.target, signal);
        if (!workspace.containerRegistry) {
            throw new errors/* ActionError */.lZ(`Workspace ${inputs.target.workspace} has no container registry yet.`, 'Give the registry input, or attach a registry to the workspace.');
        }
        registryId = workspace.containerRegistry;
    }
    const registry = await getRegistry(session.arm, registryId, signal);
    const repositoryTag = `${inputs.repository}:${tag}`;
    const image = `${registry.loginServer}/${repositoryTag}`;
    log.info(`Image ${image} (${inputs.tag ? 'tag given' : `tag from the content of ${(0,external_node_path_.relative)(process.env.GITHUB_WORKSPACE || process.cwd(), inputs.context) || '.'}, the base image and the build arguments`}).`);
    let digest = await tagDigest(session.az, registry.name, repositoryTag, signal);
    const built = digest === undefined;
    if (built) {
        digest = await log.group(`ACR build of ${repositoryTag} in ${registry.name}`, () => acrBuild(session.az, {
            registry: registry.name,
            image: repositoryTag,
            context: inputs.context,
            dockerfile,
            platform: inputs.platform,
            buildArgs,
            timeoutSeconds: Math.round(inputs.timeoutMs / 1000),
        }, (text) => process.stdout.write(text), AbortSignal.any([signal, AbortSignal.timeout(inputs.timeoutMs + 60_000)])));
        digest ??= await tagDigest(session.az, registry.name, repositoryTag, signal);
    }
    else {
        log.info(`${repositoryTag} is already in ${registry.name} (${digest}): nothing to build.`);
    }
    setOutputs({
        image,
        'image-digest': digest ?? '',
        'acr-name': registry.name,
        'login-server': registry.loginServer,
        built: String(built),
    });
    await writeSummary(`## Triton image ${built ? 'built' : 'already built'}\n\n| | |\n| --- | --- |\n| image | \`${image}\` |\n| digest | \`${digest ?? ''}\` |\n| base image | \`${inputs.baseImage}\` |\n| registry | ${registry.name} |\n`);
    termination.dispose();
}


/***/ })

};
