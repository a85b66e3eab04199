export const id = 409;
export const ids = [409];
export const modules = {

/***/ 6409:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  cancelSubmittedJob: () => (/* binding */ cancelSubmittedJob)
});

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

// EXTERNAL MODULE: ./src/kit/errors.ts
var errors = __webpack_require__(3713);
;// CONCATENATED MODULE: ./src/kit/duration.ts
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** Parses `90m`, `6h`, `1h30m`, `45s`; returns milliseconds, or undefined when the text is not a duration. */
function parseDuration(text) {
    const trimmed = text.trim();
    if (!/^(\d+(ms|s|m|h|d))+$/.test(trimmed))
        return undefined;
    let total = 0;
    for (const [, amount, unit] of trimmed.matchAll(/(\d+)(ms|s|m|h|d)/g))
        total += Number(amount) * UNIT_MS[unit];
    return total;
}
/** `5400000` → `1h30m`; for log lines and summaries. */
function formatDuration(ms) {
    if (ms < 1000)
        return `${Math.round(ms)}ms`;
    let seconds = Math.round(ms / 1000);
    const hours = Math.floor(seconds / 3600);
    seconds -= hours * 3600;
    const minutes = Math.floor(seconds / 60);
    seconds -= minutes * 60;
    const parts = [hours ? `${hours}h` : '', minutes ? `${minutes}m` : '', seconds ? `${seconds}s` : ''];
    return parts.join('') || '0s';
}

;// CONCATENATED MODULE: ./src/kit/inputs.ts


// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
/**
 * Typed, validated inputs. Every reader throws an InputError that names the input and what it expects,
 * so an action fails on its first bad input before it spawns a process or opens a connection.
 */
class Inputs {
    source;
    constructor(source) {
        this.source = source;
    }
    /** The trimmed text, rejecting control characters (a newline smuggled into a single-line input). */
    read(name) {
        const value = this.source(name);
        if (CONTROL_CHARACTERS.test(value)) {
            throw new errors/* InputError */.dz(name, 'contains a newline or control character', 'a single line of text');
        }
        return value;
    }
    missing(name, expected) {
        throw new errors/* InputError */.dz(name, 'is required but empty', expected);
    }
    name(name, rule, options = {}) {
        const value = this.read(name) || options.fallback?.trim() || '';
        if (!value)
            return options.required ? this.missing(name, rule.expected) : undefined;
        if (!rule.pattern.test(value))
            throw new errors/* InputError */.dz(name, `is '${value}'`, rule.expected);
        return value;
    }
    /** Free text for display (experiment descriptions, display names): one line, bounded length. */
    text(name, options = {}) {
        const value = this.read(name);
        const maxLength = options.maxLength ?? 256;
        if (!value)
            return options.required ? this.missing(name, `up to ${maxLength} characters`) : undefined;
        if (value.length > maxLength)
            throw new errors/* InputError */.dz(name, `is ${value.length} characters long`, `at most ${maxLength}`);
        return value;
    }
    boolean(name, defaultValue) {
        const value = this.read(name).toLowerCase();
        if (!value)
            return defaultValue;
        if (['true', 'yes', 'on', '1'].includes(value))
            return true;
        if (['false', 'no', 'off', '0'].includes(value))
            return false;
        throw new errors/* InputError */.dz(name, `is '${value}'`, 'true or false');
    }
    duration(name, defaultValue, bounds = {}) {
        const text = this.read(name) || defaultValue;
        const ms = parseDuration(text);
        const expected = `a duration such as 90s, 45m, 6h or 1h30m`;
        if (ms === undefined)
            throw new errors/* InputError */.dz(name, `is '${text}'`, expected);
        if (ms <= 0)
            throw new errors/* InputError */.dz(name, `is '${text}'`, `${expected}, greater than zero`);
        if (bounds.minMs !== undefined && ms < bounds.minMs) {
            throw new errors/* InputError */.dz(name, `is '${text}'`, `at least ${bounds.minMs / 1000}s`);
        }
        if (bounds.maxMs !== undefined && ms > bounds.maxMs) {
            throw new errors/* InputError */.dz(name, `is '${text}'`, `at most ${bounds.maxMs / 3_600_000}h`);
        }
        return ms;
    }
    integer(name, options) {
        const text = this.read(name);
        const expected = `a whole number from ${options.min} to ${options.max}`;
        if (!text) {
            if (options.required)
                this.missing(name, expected);
            return options.defaultValue;
        }
        if (!/^-?\d+$/.test(text))
            throw new errors/* InputError */.dz(name, `is '${text}'`, expected);
        const value = Number(text);
        if (value < options.min || value > options.max)
            throw new errors/* InputError */.dz(name, `is ${value}`, expected);
        return value;
    }
    /** A positive decimal such as a latency bar in milliseconds. */
    number(name, options) {
        const text = this.read(name);
        if (!text)
            return options.defaultValue;
        const expected = `a number from ${options.min} to ${options.max}`;
        if (!/^\d+(\.\d+)?$/.test(text))
            throw new errors/* InputError */.dz(name, `is '${text}'`, expected);
        const value = Number(text);
        if (value < options.min || value > options.max)
            throw new errors/* InputError */.dz(name, `is ${value}`, expected);
        return value;
    }
    percent(name, defaultValue) {
        return this.integer(name, { defaultValue, min: 0, max: 100 });
    }
    choice(name, choices, defaultValue) {
        const value = this.read(name) || defaultValue;
        if (!choices.includes(value)) {
            throw new errors/* InputError */.dz(name, `is '${value}'`, `one of ${choices.join(', ')}`);
        }
        return value;
    }
    /** Items separated by new lines or commas, each on its own free of control characters. */
    list(name) {
        const items = this.source(name)
            .split(/[\n,]/)
            .map((part) => part.trim())
            .filter(Boolean);
        for (const item of items) {
            if (CONTROL_CHARACTERS.test(item))
                throw new errors/* InputError */.dz(name, 'contains a control character', 'items separated by commas or new lines');
        }
        return items;
    }
    /**
     * `key=value` pairs, one per line or separated by commas. Keys and values are checked against the
     * given patterns so nothing unexpected reaches a command line.
     */
    keyValues(name, rules) {
        const pairs = [];
        for (const item of this.list(name)) {
            const match = /^([^=\s]+)\s*=\s*(.*)$/.exec(item);
            if (!match || !rules.key.test(match[1]) || !rules.value.test(match[2])) {
                throw new errors/* InputError */.dz(name, `has '${item}'`, rules.expected);
            }
            pairs.push([match[1], match[2]]);
        }
        return pairs;
    }
    /**
     * A path inside the workspace checkout: relative, without `..`, of safe characters. Existence is for
     * the caller to check, because only it knows whether a file or a folder is wanted.
     */
    relativePath(name, defaultValue) {
        const value = this.read(name) || defaultValue;
        const expected = 'a relative path inside the repository, such as pipeline/pipeline.yml';
        if (value.startsWith('/') || /^[A-Za-z]:/.test(value))
            throw new errors/* InputError */.dz(name, `is absolute ('${value}')`, expected);
        if (value.split(/[\\/]/).includes('..'))
            throw new errors/* InputError */.dz(name, `leaves the repository ('${value}')`, expected);
        if (!/^[\w./@+-]+$/.test(value))
            throw new errors/* InputError */.dz(name, `is '${value}'`, expected);
        return value;
    }
}

// EXTERNAL MODULE: ./src/kit/runner-protocol.ts
var runner_protocol = __webpack_require__(3857);
;// CONCATENATED MODULE: ./src/azure/clouds.ts
/** The Azure clouds the actions know, and the three hosts each one differs by. */
const CLOUD_NAMES = ['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud'];
const PUBLIC_CLOUDS = {
    AzureCloud: {
        authorityHost: 'https://login.microsoftonline.com',
        resourceManager: 'https://management.azure.com',
        studio: 'https://ml.azure.com',
    },
    AzureUSGovernment: {
        authorityHost: 'https://login.microsoftonline.us',
        resourceManager: 'https://management.usgovcloudapi.net',
        studio: 'https://ml.azure.us',
    },
    AzureChinaCloud: {
        authorityHost: 'https://login.chinacloudapi.cn',
        resourceManager: 'https://management.chinacloudapi.cn',
        studio: 'https://studio.ml.azure.cn',
    },
};
/**
 * The endpoints of a cloud. Each host can be overridden through the environment (for Azure Stack, a
 * private cloud or a test double): AZURE_AUTHORITY_HOST, AZURE_RESOURCE_MANAGER_URL, AZURE_ML_STUDIO_URL.
 */
function cloudEndpoints(name, env = process.env) {
    const base = PUBLIC_CLOUDS[name];
    const trim = (url) => url.replace(/\/+$/, '');
    const authorityHost = trim(env.AZURE_AUTHORITY_HOST || base.authorityHost);
    return {
        name,
        authorityHost,
        resourceManager: trim(env.AZURE_RESOURCE_MANAGER_URL || base.resourceManager),
        studio: trim(env.AZURE_ML_STUDIO_URL || base.studio),
        knownAuthority: Object.values(PUBLIC_CLOUDS).some((cloud) => cloud.authorityHost === authorityHost),
    };
}
function armScope(cloud) {
    return `${cloud.resourceManager}/.default`;
}

;// CONCATENATED MODULE: ./src/kit/names.ts
const NAME_RULES = {
    resourceGroup: {
        pattern: /^[-\w.()]{0,89}[-\w()]$/,
        expected: '1-90 letters, digits, underscores, hyphens, periods or parentheses, not ending with a period',
    },
    workspace: {
        pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{2,32}$/,
        expected: '3-33 letters, digits, hyphens or underscores, starting with a letter or digit',
    },
    endpoint: {
        pattern: /^[A-Za-z](?:[A-Za-z0-9-]{1,30})[A-Za-z0-9]$/,
        expected: '3-32 letters, digits or hyphens, starting with a letter and ending with a letter or digit',
    },
    deployment: {
        pattern: /^[A-Za-z](?:[A-Za-z0-9-]{1,30})[A-Za-z0-9]$/,
        expected: '3-32 letters, digits or hyphens, starting with a letter and ending with a letter or digit',
    },
    asset: {
        pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/,
        expected: 'up to 255 letters, digits, hyphens, underscores or periods, starting with a letter or digit',
    },
    assetVersion: {
        pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,49}$/,
        expected: 'a version such as 7 (letters, digits, hyphens, underscores or periods)',
    },
    job: {
        pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/,
        expected: 'a job name of letters, digits, hyphens or underscores (as az ml job list prints it)',
    },
    experiment: {
        pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/,
        expected: 'up to 255 letters, digits, hyphens, underscores or periods, starting with a letter or digit',
    },
    compute: {
        pattern: /^(?:azureml:)?[A-Za-z][A-Za-z0-9-]{1,15}$/,
        expected: 'a compute name of 2-16 letters, digits or hyphens starting with a letter (optionally azureml:NAME)',
    },
    acr: {
        pattern: /^[A-Za-z0-9]{5,50}$/,
        expected: '5-50 letters or digits (the registry name, not its login server)',
    },
    imageRepository: {
        pattern: /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/,
        expected: 'a lower-case repository path such as merlin/next-item-triton',
    },
    imageTag: {
        pattern: /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/,
        expected: 'up to 128 letters, digits, underscores, periods or hyphens (no colon, no spaces)',
    },
    guid: {
        pattern: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
        expected: 'a GUID such as 00000000-0000-0000-0000-000000000000',
    },
};

;// CONCATENATED MODULE: ./src/actions/shared/azure-inputs.ts


/**
 * The inputs every action shares, named alike in all five. The ids fall back to the variables
 * `azure/login` users already have (AZURE_SUBSCRIPTION_ID, AZURE_CLIENT_ID, AZURE_TENANT_ID).
 */
function readAzureTarget(inputs, env) {
    const subscriptionId = inputs.name('subscription-id', NAME_RULES.guid, {
        required: true,
        fallback: env.AZURE_SUBSCRIPTION_ID,
    });
    const resourceGroup = inputs.name('resource-group', NAME_RULES.resourceGroup, { required: true });
    const workspace = inputs.name('workspace', NAME_RULES.workspace, { required: true });
    const cloud = inputs.choice('cloud', CLOUD_NAMES, 'AzureCloud');
    const clientId = inputs.name('client-id', NAME_RULES.guid, { fallback: env.AZURE_CLIENT_ID });
    const tenantId = inputs.name('tenant-id', NAME_RULES.guid, { fallback: env.AZURE_TENANT_ID });
    return { subscriptionId, resourceGroup, workspace, cloud, clientId, tenantId };
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
    const cloud = cloudEndpoints(target.cloud, deps.env);
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
        scope: armScope(cloud),
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

;// CONCATENATED MODULE: ./src/azure/target.ts
function workspacePath(target) {
    const part = encodeURIComponent;
    return (`/subscriptions/${part(target.subscriptionId)}/resourceGroups/${part(target.resourceGroup)}` +
        `/providers/Microsoft.MachineLearningServices/workspaces/${part(target.workspace)}`);
}

;// CONCATENATED MODULE: ./src/azure/ml/jobs.ts


const FINAL_STATUSES = new Set(['Completed', 'Failed', 'Canceled']);
function toJob(resource) {
    const p = resource.properties;
    return {
        name: resource.name,
        status: p.status,
        displayName: p.displayName,
        experimentName: p.experimentName,
        studioUrl: p.services?.Studio?.endpoint,
        tags: p.tags ?? {},
        outputs: p.outputs ?? {},
        createdAt: resource.systemData?.createdAt,
    };
}
/** A job output as a model path register-model accepts: azureml://jobs/<job>/outputs/<output>/paths/ */
function jobOutputUri(job, output) {
    return `azureml://jobs/${job}/outputs/${output}/paths/`;
}
/** Azure ML jobs: ARM for the jobs themselves, the run-history data plane for a pipeline's steps. */
class MlJobs {
    arm;
    target;
    dataPlane;
    constructor(arm, target, 
    /** The data-plane client (run history, MLflow), made on first use. */
    dataPlane) {
        this.arm = arm;
        this.target = target;
        this.dataPlane = dataPlane;
    }
    path(name = '') {
        return `${workspacePath(this.target)}/jobs${name ? `/${encodeURIComponent(name)}` : ''}`;
    }
    async get(name, signal) {
        return toJob(await this.arm.get(this.path(name), { signal }));
    }
    /** The newest job whose tag `key` is `value` and whose status passes `accept`; at most `limit` jobs are read. */
    async findByTag(key, value, accept, signal, limit = 200) {
        let read = 0;
        // ARM's `tag` filter matches the tag's key; the value is checked here.
        for await (const resource of this.arm.list(this.path(), {
            signal,
            query: { tag: key, listViewType: 'ActiveOnly', jobType: 'Pipeline' },
        })) {
            const job = toJob(resource);
            if (job.tags[key] === value && accept(job.status))
                return job;
            if (++read >= limit)
                break;
        }
        return undefined;
    }
    /** Asks Azure to cancel; true when it accepted, false when the job had already ended. */
    async cancel(name, signal) {
        try {
            await this.arm.post(`${this.path(name)}/cancel`, { signal });
            return true;
        }
        catch (error) {
            if (error instanceof ArmError && error.status === 400)
                return false;
            throw error;
        }
    }
    runsPath() {
        return `/history/v1.0${workspacePath(this.target)}/runs`;
    }
    async steps(name, signal) {
        const client = await this.dataPlane();
        const steps = [];
        for await (const run of client.list(`${this.runsPath()}/${encodeURIComponent(name)}/children`, {
            signal,
            apiVersion: null,
        })) {
            steps.push({
                runId: run.runId,
                name: run.properties?.['azureml.nodeid'] ?? run.displayName ?? run.runId,
                status: run.status,
                startTime: run.startTimeUtc ?? undefined,
                endTime: run.endTimeUtc ?? undefined,
                error: run.error?.error?.message,
            });
        }
        return steps;
    }
    /** The metrics a run logged to MLflow, by key. */
    async metrics(runId, signal) {
        const client = await this.dataPlane();
        const body = await client.get(`/mlflow/v2.0${workspacePath(this.target)}/api/2.0/mlflow/runs/get`, { signal, query: { run_id: runId }, apiVersion: null });
        return Object.fromEntries((body.run?.data?.metrics ?? []).map((metric) => [metric.key, metric.value]));
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

;// CONCATENATED MODULE: ./src/actions/shared/ml-clients.ts


/** Jobs of the session's workspace; the data-plane host is discovered on first use. */
function mlJobs(session, signal) {
    let dataPlane;
    return new MlJobs(session.arm, session.target, () => (dataPlane ??= getWorkspace(session.arm, session.target, signal)
        .then((workspace) => dataPlaneHost(workspace, session.clientFor, signal))
        .then(session.clientFor)));
}

;// CONCATENATED MODULE: ./src/actions/submit-pipeline/cancel.ts








/** The post step of a cancelled workflow: cancel the Azure ML job the main step submitted. */
async function cancelSubmittedJob(jobName) {
    const target = readAzureTarget(new Inputs((0,runner_protocol/* inputsFromEnv */.l)()), process.env);
    const jobs = mlJobs(openRunnerSession(target));
    try {
        const job = await jobs.get(jobName);
        if (FINAL_STATUSES.has(job.status)) {
            workflowLog.info(`Job ${jobName} had already ended (${job.status}); nothing to cancel.`);
            return;
        }
        await jobs.cancel(jobName);
        workflowLog.info(`The workflow was cancelled: asked Azure ML to cancel job ${jobName}. Studio: ${job.studioUrl ?? ''}`);
    }
    catch (error) {
        if (error instanceof ArmError && error.status === 404) {
            workflowLog.info(`Job ${jobName} was never created; nothing to cancel.`);
            return;
        }
        throw error;
    }
}


/***/ })

};
