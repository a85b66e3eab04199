export const id = 401;
export const ids = [401];
export const modules = {

/***/ 8401:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  registerModel: () => (/* binding */ registerModel)
});

// UNUSED EXPORTS: JOB_TAG

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
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

;// CONCATENATED MODULE: ./src/azure/ml/models.ts


/** Model containers and versions of a workspace. */
class MlModels {
    arm;
    target;
    constructor(arm, target) {
        this.arm = arm;
        this.target = target;
    }
    path(name, version) {
        return `${workspacePath(this.target)}/models/${encodeURIComponent(name)}${version === undefined ? '' : `/versions${version ? `/${encodeURIComponent(version)}` : ''}`}`;
    }
    toVersion(name, resource) {
        return {
            id: resource.id,
            name,
            version: resource.name,
            modelUri: resource.properties.modelUri,
            jobName: resource.properties.jobName,
            tags: resource.properties.tags ?? {},
        };
    }
    /** Every version (optionally with a tag `key=value`), or none when the model does not exist yet. */
    async versions(name, tag, signal) {
        const found = [];
        try {
            for await (const resource of this.arm.list(this.path(name, ''), {
                signal,
                query: tag ? { tags: `${tag[0]}=${tag[1]}` } : {},
            })) {
                const version = this.toVersion(name, resource);
                if (!tag || version.tags[tag[0]] === tag[1])
                    found.push(version);
            }
        }
        catch (error) {
            if (error instanceof ArmError && error.status === 404)
                return [];
            throw error;
        }
        return found;
    }
    async ensureContainer(name, description, signal) {
        try {
            await this.arm.get(this.path(name), { signal });
        }
        catch (error) {
            if (!(error instanceof ArmError && error.status === 404))
                throw error;
            await this.arm.begin('PUT', this.path(name), { signal, body: { properties: { description } } });
        }
    }
    async create(name, version, properties, signal) {
        const resource = await this.arm.begin('PUT', this.path(name, version), {
            signal,
            body: { properties },
        });
        return this.toVersion(name, resource);
    }
}
/** The next integer version after the highest numeric one. */
function nextVersion(existing) {
    const numbers = existing
        .map((version) => Number(version.version))
        .filter((value) => Number.isInteger(value) && value > 0);
    return String(numbers.length ? Math.max(...numbers) + 1 : 1);
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

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(3838);
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

;// CONCATENATED MODULE: ./src/triton/model-config.ts
function readModelConfig(text) {
    const field = (key) => new RegExp(`^\\s*${key}\\s*:\\s*"([^"]*)"`, 'm').exec(text)?.[1];
    return { name: field('name'), platform: field('platform'), backend: field('backend') };
}

;// CONCATENATED MODULE: ./src/triton/repository-check.ts

const DEFAULT_FILE = {
    pytorch_libtorch: 'model.pt',
    pytorch: 'model.pt',
    python: 'model.py',
    merlin_executor: 'model.py',
    onnxruntime_onnx: 'model.onnx',
    onnxruntime: 'model.onnx',
    tensorrt_plan: 'model.plan',
    tensorrt: 'model.plan',
};
/**
 * Checks a Triton model repository the way Triton and the Merlin export need it: every model folder has a
 * config.pbtxt whose name (when set) is the folder's, at least one numeric version folder holding files,
 * the model file its platform or backend loads, and the three models of a merlin.systems export.
 */
function checkTritonRepository(files) {
    const findings = [];
    const models = new Map();
    for (const path of files.keys()) {
        const [model, ...rest] = path.split('/');
        if (!rest.length)
            continue;
        models.set(model, [...(models.get(model) ?? []), rest.join('/')]);
    }
    if (models.size === 0) {
        return [
            {
                path: '.',
                problem: 'the repository holds no model folder',
                fix: 'point output-name at the output the training step exported the Triton repository to',
            },
        ];
    }
    const platforms = new Map();
    for (const [model, paths] of [...models.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        const configText = files.get(`${model}/config.pbtxt`);
        if (configText === undefined) {
            findings.push({
                path: `${model}/config.pbtxt`,
                problem: 'is missing',
                fix: `export a config.pbtxt into ${model}/ (Triton needs one per model)`,
            });
            continue;
        }
        const config = readModelConfig(configText ?? '');
        if (config.name !== undefined && config.name !== model) {
            findings.push({
                path: `${model}/config.pbtxt`,
                problem: `names the model '${config.name}', not '${model}'`,
                fix: `set name: "${model}" or rename the folder to ${config.name}`,
            });
        }
        const kind = config.platform || config.backend || '';
        platforms.set(model, kind);
        const versions = new Set(paths.map((path) => path.split('/')[0]).filter((first) => /^(0|[1-9]\d*)$/.test(first)));
        if (versions.size === 0) {
            const hint = kind === 'ensemble'
                ? ' (an ensemble needs an empty version folder, which git and Azure ML uploads drop: export with merlin.systems instead)'
                : '';
            findings.push({
                path: `${model}/`,
                problem: `has no numeric version folder with files${hint}`,
                fix: `put the model files in ${model}/1/`,
            });
            continue;
        }
        const expected = DEFAULT_FILE[kind];
        if (expected) {
            for (const version of versions) {
                if (!files.has(`${model}/${version}/${expected}`)) {
                    findings.push({
                        path: `${model}/${version}/${expected}`,
                        problem: `is missing (the ${kind} ${config.platform ? 'platform' : 'backend'} loads it)`,
                        fix: `export ${expected} into ${model}/${version}/`,
                    });
                }
            }
        }
    }
    const merlin = [
        {
            test: (model) => platforms.get(model) === 'merlin_executor',
            what: 'an executor model (platform "merlin_executor")',
            example: 'executor_model',
        },
        {
            test: (model) => /transformworkflowtriton$/.test(model),
            what: 'a TransformWorkflow model',
            example: '0_transformworkflowtriton',
        },
        {
            test: (model) => /predictpytorchtriton$/.test(model),
            what: 'a PredictPyTorch model',
            example: '1_predictpytorchtriton',
        },
    ];
    for (const part of merlin) {
        if (![...models.keys()].some(part.test)) {
            findings.push({
                path: `${part.example}/`,
                problem: `is missing: a merlin.systems export has ${part.what}`,
                fix: 'export with Ensemble(TransformWorkflow(workflow) >> PredictPyTorch(...)).export(path)',
            });
        }
    }
    const transform = [...models.keys()].find(merlin[1].test);
    if (transform && ![...files.keys()].some((path) => path.startsWith(`${transform}/1/workflow/`))) {
        findings.push({
            path: `${transform}/1/workflow/`,
            problem: 'is missing: the saved NVTabular workflow',
            fix: 'export the fitted workflow with the ensemble',
        });
    }
    return findings;
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

;// CONCATENATED MODULE: ./src/azure/ml/cli-extension.ts



function extensionDirectory(env) {
    return (env.AZURE_EXTENSION_DIR ||
        (0,external_node_path_.join)(env.AZURE_CONFIG_DIR || (0,external_node_path_.join)(env.HOME || (0,external_node_os_.homedir)(), '.azure'), 'cliextensions'));
}
/** The installed `ml` extension's version, read from its wheel metadata on disk: no `az` process needed. */
function installedMlVersion(directory) {
    const folder = (0,external_node_path_.join)(directory, 'ml');
    if (!(0,external_node_fs_.existsSync)(folder))
        return undefined;
    const distInfo = (0,external_node_fs_.readdirSync)(folder).find((name) => /^ml-[\w.]+\.dist-info$/.test(name));
    if (!distInfo)
        return undefined;
    const metadata = (0,external_node_path_.join)(folder, distInfo, 'METADATA');
    const version = (0,external_node_fs_.existsSync)(metadata)
        ? /^Version:\s*(\S+)/m.exec((0,external_node_fs_.readFileSync)(metadata, 'utf8'))?.[1]
        : undefined;
    return version ?? /^ml-([\w.]+)\.dist-info$/.exec(distInfo)?.[1];
}
/**
 * Makes sure the CLI has the `ml` extension (at `version` when pinned). Installing takes 30-60 s on a hosted
 * runner, so the extension folder is cached, keyed on the version, and restored before installing.
 */
async function ensureMlExtension(options) {
    const { az, directory, version, cache } = options;
    const wanted = (found) => found !== undefined && (!version || found === version);
    if (wanted(installedMlVersion(directory)))
        return { version: installedMlVersion(directory), source: 'already installed' };
    const prefix = `az-ml-extension-${options.platform ?? `${process.platform}-${process.arch}`}-`;
    if (cache) {
        await cache.restore([directory], `${prefix}${version ?? 'latest'}`, version ? [] : [prefix]);
        if (wanted(installedMlVersion(directory)))
            return { version: installedMlVersion(directory), source: 'restored from cache' };
    }
    await az.run([
        'extension',
        'add',
        '--name',
        'ml',
        '--yes',
        ...(version ? ['--version', version, '--upgrade'] : []),
        '--only-show-errors',
    ], { signal: options.signal });
    const installed = installedMlVersion(directory);
    if (!installed)
        throw new Error(`az extension add reported success, but no ml extension is in ${directory}.`);
    if (cache)
        await cache.save([directory], `${prefix}${installed}`);
    return { version: installed, source: 'installed' };
}

;// CONCATENATED MODULE: ./src/actions/shared/actions-cache.ts

/** GitHub's cache service through @actions/cache, or undefined where the runner offers none. */
async function actionsCache() {
    const cache = await __webpack_require__.e(/* import() */ 796).then(__webpack_require__.bind(__webpack_require__, 4796));
    if (!cache.isFeatureAvailable())
        return undefined;
    return {
        restore: async (paths, key, restoreKeys) => {
            try {
                return await cache.restoreCache(paths, key, restoreKeys);
            }
            catch (error) {
                core/* warning */.$e(`Cache restore failed, continuing without it: ${error.message}`);
                return undefined;
            }
        },
        save: async (paths, key) => {
            try {
                await cache.saveCache(paths, key);
            }
            catch (error) {
                core/* warning */.$e(`Cache save failed, continuing: ${error.message}`);
            }
        },
    };
}

;// CONCATENATED MODULE: ./src/actions/shared/ml-cli.ts



/** The CLI's ml extension, installed when missing (restored from GitHub's cache first, kept there after). */
async function prepareMlCli(session, version, signal) {
    const directory = extensionDirectory(process.env);
    // @actions/cache is large: it is only loaded when the extension is not there already.
    const cache = installedMlVersion(directory) ? undefined : await actionsCache();
    const extension = await ensureMlExtension({ az: session.az, directory, version, cache, signal });
    workflowLog.info(`Azure CLI ml extension ${extension.version} (${extension.source}).`);
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
// EXTERNAL MODULE: ./node_modules/@azure/identity/dist/esm/index.js + 165 modules
var esm = __webpack_require__(3016);
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

// EXTERNAL MODULE: ./src/actions/register-model/quality-bar.ts
var quality_bar = __webpack_require__(984);
;// CONCATENATED MODULE: ./src/actions/register-model/quality-gate.ts


/** Each bar, and each metric that must beat the popularity baseline, checked against the job's metrics. */
function qualityGate(metrics, baseline, bars, beatBaseline) {
    const rows = bars.map((bar) => {
        const value = metrics[bar.metric];
        return {
            metric: bar.metric,
            value,
            bar: `${bar.comparison} ${bar.bar}`,
            passed: value !== undefined && (0,quality_bar/* meetsBar */.w)(value, bar),
        };
    });
    for (const metric of beatBaseline) {
        const value = metrics[metric];
        const reference = baseline[metric];
        rows.push({
            metric,
            value,
            bar: reference === undefined
                ? '> popularity baseline (not written)'
                : `> ${reference} (popularity baseline)`,
            passed: value !== undefined && reference !== undefined && value > reference,
        });
    }
    return rows;
}
function gateTable(rows) {
    return markdownTable(['metric', 'value', 'bar', ''], rows.map((row) => [
        row.metric,
        row.value === undefined ? 'not logged' : String(row.value),
        row.bar,
        row.passed ? '✅' : '❌',
    ]));
}

;// CONCATENATED MODULE: ./src/actions/register-model/register-model.ts
















const JOB_TAG = 'next_item_job';
async function registerModel(inputs) {
    const log = workflowLog;
    const { target } = inputs;
    const termination = abortOnTermination();
    const { signal } = termination;
    const session = openRunnerSession(target);
    const jobs = mlJobs(session, signal);
    const models = new MlModels(session.arm, target);
    const studio = (name, version) => `${session.cloud.studio}/model/${name}:${version}/details?wsid=/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${target.workspace}`;
    const job = await jobs.get(inputs.jobName, signal);
    if (job.status !== 'Completed') {
        throw new errors/* ActionError */.lZ(`Job ${inputs.jobName} is ${job.status}: only a Completed job's output can be registered.`, FINAL_STATUSES.has(job.status)
            ? `Studio: ${job.studioUrl ?? ''}`
            : 'Register it once it completes (submit-pipeline with wait: true waits for that).');
    }
    const existing = await models.versions(inputs.modelName, [JOB_TAG, inputs.jobName], signal);
    if (existing.length) {
        const version = existing[0];
        log.info(`Job ${inputs.jobName} is already registered as ${inputs.modelName}:${version.version}; nothing new is registered.`);
        setOutputs(outputsFor(inputs.modelName, version.version, version.id, true));
        await writeSummary(`## Model ${markdownLink(`${inputs.modelName}:${version.version}`, studio(inputs.modelName, version.version))}\n\nAlready registered from job ${inputs.jobName}: reused.\n`);
        return;
    }
    const steps = await jobs.steps(inputs.jobName, signal);
    const train = steps.find((step) => step.name === 'train');
    const logged = train ? await jobs.metrics(train.runId, signal) : {};
    const metrics = Object.fromEntries(Object.entries(logged).filter(([key]) => !key.startsWith('baseline_')));
    const baseline = Object.fromEntries(Object.entries(logged)
        .filter(([key]) => key.startsWith('baseline_'))
        .map(([key, value]) => [key.slice(9), value]));
    const gate = qualityGate(metrics, baseline, inputs.minMetrics, inputs.beatBaseline);
    if (gate.some((row) => !row.passed)) {
        const table = gateTable(gate);
        await writeSummary(`## Model not registered: below the quality bar\n\nJob ${inputs.jobName}\n\n${table}`);
        log.info(table);
        const failed = gate
            .filter((row) => !row.passed)
            .map((row) => `${row.metric} ${row.value ?? 'not logged'} (needs ${row.bar})`);
        throw new errors/* ActionError */.lZ(`Job ${inputs.jobName} is below the quality bar, so nothing was registered: ${failed.join('; ')}.`);
    }
    if (inputs.validate) {
        await prepareMlCli(session, undefined, signal);
        const files = await log.group(`Checking the Triton repository of job ${inputs.jobName} (output ${inputs.outputName})`, async () => downloadRepository(session, inputs, signal));
        const findings = checkTritonRepository(files);
        if (findings.length) {
            const table = markdownTable(['path', 'problem', 'fix'], findings.map((finding) => [finding.path, finding.problem, finding.fix]));
            await writeSummary(`## Model not registered: the Triton repository is broken\n\nJob ${inputs.jobName}, output ${inputs.outputName}\n\n${table}`);
            throw new errors/* ActionError */.lZ(`The Triton repository of job ${inputs.jobName} is broken, so nothing was registered: ${findings.map((f) => `${f.path} ${f.problem}: ${f.fix}`).join('; ')}.`);
        }
        log.info(`The repository passes Triton's layout rules and the Merlin export layout (${files.size} files).`);
    }
    await models.ensureContainer(inputs.modelName, inputs.description, signal);
    const version = inputs.modelVersion ?? nextVersion(await models.versions(inputs.modelName, undefined, signal));
    const run = githubRun();
    const tags = Object.fromEntries(Object.entries({
        [JOB_TAG]: inputs.jobName,
        github_sha: run.sha,
        github_run_url: run.runUrl,
        ...stringify(metrics),
    }).filter(([, value]) => value));
    const created = await models.create(inputs.modelName, version, {
        modelType: 'triton_model',
        modelUri: jobOutputUri(inputs.jobName, inputs.outputName),
        jobName: inputs.jobName,
        description: inputs.description ?? `Merlin next-item model trained by job ${inputs.jobName}`,
        tags,
        properties: stringify(Object.fromEntries(Object.entries(baseline).map(([key, value]) => [`baseline_${key}`, value]))),
    }, signal);
    log.info(`Registered ${inputs.modelName}:${version} from ${jobOutputUri(inputs.jobName, inputs.outputName)}.`);
    setOutputs(outputsFor(inputs.modelName, version, created.id, false));
    await writeSummary(`## Model ${markdownLink(`${inputs.modelName}:${version}`, studio(inputs.modelName, version))} registered\n\nFrom job ${inputs.jobName}, output ${inputs.outputName}.\n\n` +
        (gate.length ? gateTable(gate) : ''));
    termination.dispose();
}
function outputsFor(name, version, armId, reused) {
    return {
        'model-name': name,
        'model-version': version,
        'model-id': `azureml:${name}:${version}`,
        'model-arm-id': armId,
        reused: String(reused),
    };
}
function stringify(values) {
    return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, String(value)]));
}
/**
 * The job output through `az ml job download`: one process that handles the datastore's auth. A Merlin
 * repository is tens of megabytes; listing blobs instead would need a storage role and a second token
 * audience to save seconds.
 */
async function downloadRepository(session, inputs, signal) {
    const folder = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), 'triton-repository-'));
    try {
        const { target } = inputs;
        await session.az.run([
            'ml',
            'job',
            'download',
            '--name',
            inputs.jobName,
            '--output-name',
            inputs.outputName,
            '--download-path',
            folder,
            '--resource-group',
            target.resourceGroup,
            '--workspace-name',
            target.workspace,
            '--subscription',
            target.subscriptionId,
            '--only-show-errors',
        ], { signal });
        const root = (0,external_node_path_.join)(folder, 'named-outputs', inputs.outputName);
        const files = new Map();
        if (!(0,external_node_fs_.existsSync)(root))
            return files;
        for (const entry of (0,external_node_fs_.readdirSync)(root, { recursive: true, withFileTypes: true })) {
            if (!entry.isFile())
                continue;
            const path = (0,external_node_path_.relative)(root, (0,external_node_path_.join)(entry.parentPath, entry.name)).split(external_node_path_.sep).join('/');
            files.set(path, entry.name === 'config.pbtxt' ? (0,external_node_fs_.readFileSync)((0,external_node_path_.join)(entry.parentPath, entry.name), 'utf8') : null);
        }
        return files;
    }
    finally {
        (0,external_node_fs_.rmSync)(folder, { recursive: true, force: true });
    }
}


/***/ })

};
