import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { isMapping, isString } from '@actions/workflow-parser';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import { parse as parseYaml } from 'yaml';
import type { RunningEmulator } from '../emulator/server.js';
import { AZ_SHIM_DIR } from '../emulator/server.js';
import { parseFileCommands } from '../support/run-bundle.js';
import { compileCacheEnv } from '../support/compile-cache-env.js';
import {
  evaluate,
  evaluateString,
  evaluateToken,
  StrictDictionary,
  toData,
  truthy,
  WiringError,
  type Contexts,
  type Status,
} from './expressions.js';
import { runCallerStepsJob, type CallerJobRunner } from './caller-jobs.js';
import { checkPermissions, checkSecrets, typedInputs, type DeclaredInput } from './call-checks.js';
import { STAND_INS, type RepositorySource } from './stand-ins.js';
import { loadWorkflow, rawAt, stepWith, type ParsedJob, type WorkflowFile } from './workflow-file.js';

export type Result = 'success' | 'failure' | 'skipped' | 'cancelled';

export interface StepRun {
  name: string;
  uses?: string;
  result: Result;
  startedAt: number;
  endedAt: number;
  error?: string;
}

export interface JobRun {
  id: string;
  result: Result;
  outputs: Record<string, string>;
  steps: StepRun[];
  startedAt: number;
  endedAt: number;
  environment?: { name: string; url: string };
  /** When the job asked its environment's required reviewers, and their answer. */
  approval?: { requestedAt: number; approved: boolean };
  /** The `sub` claim of the job's ID tokens: what Entra's federated credentials must trust. */
  subject?: string;
  summaries: string[];
  log: string[];
}

export interface WorkflowRun {
  result: Result;
  jobs: Record<string, JobRun>;
  /** The called workflow's outputs (on.workflow_call.outputs). */
  outputs: Record<string, string>;
  concurrencyGroup?: string;
  wiringErrors: string[];
  log: string[];
  startedAt: number;
  endedAt: number;
}

export interface GithubEvent {
  name: 'push' | 'workflow_dispatch' | 'pull_request' | 'schedule';
  repository: string;
  ref: string;
  sha: string;
  inputs?: Record<string, unknown>;
  /** A pull_request event's pull request; a head repository other than `repository` is a fork. */
  pullRequest?: { number: number; headRepository?: string };
}

/** The GitHub REST API a job's GITHUB_TOKEN talks to (action-test/github-api): its address and its tokens. */
export interface GithubApiStandIn {
  url: string;
  issueToken(grant: { repository: string; permissions: Record<string, string> }): string;
}

export interface RunnerWorld {
  emulator: RunningEmulator;
  /** Folder holding the files of the repository the workflows live in (its checkout). */
  repositoryDir: string;
  /** What actions/checkout can serve, by owner/name. */
  repositories: Record<string, RepositorySource>;
  event: GithubEvent;
  vars: Record<string, string>;
  secrets: Record<string, string>;
  /** GitHub environments of the repository that runs: their variables and secrets, and whether reviewers must approve. */
  environments?: Record<string, EnvironmentSettings>;
  /** A reviewer's answer to a protected environment's approval request (default: approve). */
  approve?: (request: { job: string; environment: string; needs: JobRun[] }) => boolean;
  runId: string;
  /** Progress lines as the runner would show them, already masked. */
  onLog?: (line: string) => void;
  /** Cancels the run, as a person pressing "Cancel workflow" would, when a log line matches. */
  cancelWhen?: RegExp;
  /**
   * A GitHub REST stand-in (action-test/github-api/): its URL, and the GITHUB_TOKEN it issues. Without it, jobs
   * get no GITHUB_TOKEN (empty `github.token`) and GITHUB_API_URL points at github.com.
   */
  githubApi?: GithubApiStandIn;
}

export interface GithubApiStandIn {
  url: string;
  /** A GITHUB_TOKEN for the repository, good for the permissions granted. */
  issueToken(grant: { repository: string; permissions: Record<string, string> }): string;
}

export interface EnvironmentSettings {
  vars?: Record<string, string>;
  secrets?: Record<string, string>;
  requiredReviewers?: boolean;
}

/** Where a called workflow file came from: `$/` in its steps resolves here, to its own repository and commit. */
interface WorkflowSource {
  repository: string;
  dir: string;
  sha: string;
}

const SHA = /^[0-9a-f]{40}$/;

/** What every job of a called workflow shares: its contexts, `env:`, `permissions:` and ref. */
interface SharedContexts {
  base: (job: string, environment?: EnvironmentSettings) => Contexts;
  workflowEnv: Record<string, string>;
  permissions: Record<string, string> | null;
  workflowRef: string;
}

/** A job the scheduler starts: its definition, its record, the jobs it needs and their contexts. */
interface JobCall {
  file: WorkflowFile;
  job: ParsedJob & { type: 'job' };
  run: JobRun;
  needs: JobRun[];
  contexts: Contexts;
  shared: SharedContexts;
  log: (line: string) => void;
}

/** A post step waiting for the end of the job. */
interface PostStep {
  name: string;
  entry: string;
  condition: string;
  stateFile: string;
  inputs: NodeJS.ProcessEnv;
}

/** One job on its runner machine: its folders, contexts, and the state its steps share. */
interface JobExecution extends JobCall {
  source: WorkflowSource;
  environmentName?: string;
  workspace: string;
  temp: string;
  /** The runner machine's process environment (before `env:`). */
  env: NodeJS.ProcessEnv;
  /** `env:` of the workflow and job, plus what steps add through GITHUB_ENV. */
  jobEnv: Record<string, string>;
  stepValues: Record<string, unknown>;
  posts: PostStep[];
  failed: boolean;
}

/** One step being run: its record, its contexts, its process environment and files. */
interface StepAttempt {
  stepRun: StepRun;
  index: number;
  contexts: Contexts;
  processEnv: NodeJS.ProcessEnv;
  files: ReturnType<typeof stepFiles>;
  /** The outputs a `uses:` step may set: its manifest's, or none for a stand-in. */
  allowedOutputs?: string[];
}

/** Runs a workflow of the repository (a caller such as retrain.yml, whose jobs call the reusable workflow). */
export async function runWorkflow(world: RunnerWorld, workflowPath: string): Promise<WorkflowRun> {
  const runner = new WorkflowRunner(world);
  return runner.runCaller(await loadWorkflow(join(world.repositoryDir, workflowPath)));
}

class WorkflowRunner {
  private readonly masks = new Set<string>();
  private readonly active = new Set<ChildProcess>();
  private cancelled = false;
  /** The repository and commit each called workflow's ref resolved to. */
  private readonly workflowSources = new Map<string, WorkflowSource>();
  /** The caller's workflow file at its ref: GITHUB_WORKFLOW_REF inside a called workflow, as GitHub sets it. */
  private callerWorkflowRef = '';
  private readonly run: WorkflowRun = {
    result: 'success',
    jobs: {},
    outputs: {},
    wiringErrors: [],
    log: [],
    startedAt: Date.now(),
    endedAt: 0,
  };
  /** Workspaces, homes and temp folders of the jobs: removed when the run ends, as a runner's machines are. */
  private readonly root = mkdtempSync(join(tmpdir(), 'workflow-run-'));

  constructor(private readonly world: RunnerWorld) {}

  /**
   * The github context. `token` is the job's GITHUB_TOKEN (jobToken): GitHub issues one per job for that job's
   * permissions, so outside a job's steps (a job's `if:`, a caller's `with:`) it is empty.
   */
  private github(workflowRef: string, job = '', token = ''): Record<string, unknown> {
    const { event } = this.world;
    return {
      repository: event.repository,
      repository_owner: event.repository.split('/')[0],
      sha: event.sha,
      ref: event.ref,
      ref_name: event.ref.replace(/^refs\/(heads|tags)\//, ''),
      event_name: event.name,
      event: { inputs: event.inputs ?? {}, ...eventPayload(event) },
      run_id: this.world.runId,
      run_attempt: '1',
      run_number: '1',
      server_url: 'https://github.com',
      api_url: this.world.githubApi?.url ?? 'https://api.github.com',
      actor: 'octocat',
      workflow_ref: workflowRef,
      job,
      workspace: '',
      token,
    };
  }

  private say(line: string): void {
    const masked = this.mask(line);
    this.run.log.push(masked);
    this.world.onLog?.(masked);
    if (!this.cancelled && this.world.cancelWhen?.test(masked)) this.cancel();
  }

  /** What the runner does on "Cancel workflow": SIGINT to every running step; later steps and jobs see cancelled(). */
  private cancel(): void {
    this.cancelled = true;
    this.run.log.push('The run was cancelled.');
    this.world.onLog?.('The run was cancelled.');
    for (const child of this.active) child.kill('SIGINT');
  }

  private mask(text: string): string {
    let out = text;
    for (const secret of this.masks) if (secret) out = out.split(secret).join('***');
    return out;
  }

  async runCaller(file: WorkflowFile): Promise<WorkflowRun> {
    const { event } = this.world;
    const workflowRef = `${event.repository}/.github/workflows/${file.name}@${event.ref}`;
    this.callerWorkflowRef = workflowRef;
    const base: Contexts = {
      github: toData(this.github(workflowRef)),
      inputs: this.dispatchInputs(file),
      vars: toData(this.world.vars),
      secrets: toData(this.world.secrets),
    };
    for (const job of file.template.jobs) {
      const id = job.id.value;
      if (job.type !== 'reusableWorkflowJob') {
        await runCallerStepsJob(this.callerJobRunner(file, base, workflowRef), job);
        continue;
      }
      const ref = job.ref.value;
      // ./.github/workflows/X (this repository, this commit) or OWNER/REPO/.github/workflows/X@REF.
      const remote = /^([^/]+\/[^/]+)\/(\.github\/workflows\/[^@]+)@(.+)$/.exec(ref);
      const source = remote ? this.world.repositories[remote[1]!] : undefined;
      if (!ref.startsWith('./.github/workflows/') && !source)
        throw new Error(`${file.name}: job ${id} calls ${ref}, a repository this runner does not have.`);
      try {
        if (remote && source && !callable(source, remote[1]!, event.repository))
          throw new Error(
            `error parsing called workflow "${ref}": workflow was not found. ${remote[1]} is ${source.visibility}: its Settings → Actions → Access must allow repositories of ${event.repository.split('/')[0]}.`,
          );
        const { granted, inputs, secrets } = this.callerValues(file, job, base);
        const { called, calledRef } = await this.loadCalled(ref, remote, source);
        this.run.outputs = await this.runCalled(called, inputs, secrets, calledRef, file, granted);
      } catch (error) {
        this.fail(error, `${file.name}: job ${id}`);
      }
    }
    return this.finish();
  }

  /** What a caller's own steps job (resume.yml's) needs of this runner: see caller-jobs.ts. */
  private callerJobRunner(file: WorkflowFile, base: Contexts, workflowRef: string): CallerJobRunner {
    const { event } = this.world;
    this.workflowSources.set(workflowRef, {
      repository: event.repository,
      dir: this.world.repositoryDir,
      sha: event.sha,
    });
    return {
      file,
      jobs: this.run.jobs,
      fail: (error, where) => this.fail(error, where),
      runJob: (job, needs, shared) => this.runJob(file, job, needs, shared),
      shared: {
        base: (id, environment) => ({
          ...base,
          github: toData(this.github(workflowRef, id)),
          vars: toData({ ...this.world.vars, ...environment?.vars }),
          secrets: toData({ ...this.world.secrets, ...environment?.secrets }),
        }),
        workflowEnv: (file.template.env ? evaluateToken(file.template.env, base) : {}) as Record<
          string,
          string
        >,
        permissions: evaluateToken(rawAt(file.raw, 'permissions'), base) as Record<string, string> | null,
        workflowRef,
      },
    };
  }

  /** What a caller's job hands the called workflow: the permissions it grants, its `with:` and its `secrets:`. */
  private callerValues(file: WorkflowFile, job: CallerJob, base: Contexts) {
    const granted = (evaluateToken(
      rawAt(file.raw, 'jobs', job.id.value, 'permissions') ?? rawAt(file.raw, 'permissions'),
      base,
    ) ?? {}) as Record<string, string>;
    const inputs = job['input-values']
      ? (evaluateToken(job['input-values'], base) as Record<string, unknown>)
      : {};
    const secrets = job['inherit-secrets']
      ? { ...this.world.secrets }
      : job['secret-values']
        ? (evaluateToken(job['secret-values'], base) as Record<string, string>)
        : {};
    return { granted, inputs, secrets };
  }

  /** Reads the called workflow and records where it came from, for `$/` steps and the ID token's claims. */
  private async loadCalled(
    ref: string,
    remote: RegExpExecArray | null,
    source: RepositorySource | undefined,
  ): Promise<{ called: WorkflowFile; calledRef: string }> {
    const { event } = this.world;
    const called = remote
      ? await loadWorkflow(join(source!.dir, remote[2]!))
      : await loadWorkflow(join(this.world.repositoryDir, ref));
    // job_workflow_ref names the ref the caller wrote; job_workflow_sha the commit it resolved to.
    const calledRef = remote
      ? `${remote[1]}/${remote[2]}@${remote[3]!.startsWith('refs/') ? remote[3] : `refs/tags/${remote[3]}`}`
      : `${event.repository}/${ref.slice(2)}@${event.ref}`;
    this.workflowSources.set(
      calledRef,
      remote
        ? { repository: remote[1]!, dir: source!.dir, sha: source!.sha }
        : { repository: event.repository, dir: this.world.repositoryDir, sha: event.sha },
    );
    return { called, calledRef };
  }

  /** A workflow_dispatch's inputs as GitHub gives them: declared ones only, defaults filled in, typed. */
  private dispatchInputs(file: WorkflowFile): StrictDictionary {
    const given = this.world.event.inputs ?? {};
    if (this.world.event.name !== 'workflow_dispatch') return new StrictDictionary('inputs', [], {});
    const declared = (evaluateToken(rawAt(file.raw, 'on', 'workflow_dispatch', 'inputs'), {}) ??
      {}) as Record<string, { type?: string; default?: unknown; options?: string[] }>;
    for (const name of Object.keys(given))
      if (!(name in declared)) throw new WiringError(`${file.name} has no workflow_dispatch input ${name}.`);
    const values: Record<string, unknown> = {};
    for (const [name, spec] of Object.entries(declared)) {
      const value = given[name] ?? spec.default ?? (spec.type === 'boolean' ? false : '');
      if (spec.type === 'choice' && !spec.options?.includes(String(value)))
        throw new WiringError(`${file.name}: input ${name} is '${String(value)}', not one of its options.`);
      // The REST API and the UI send every input as a string; the inputs context types it.
      values[name] =
        spec.type === 'number'
          ? Number(value)
          : spec.type === 'boolean'
            ? value === true || value === 'true'
            : value;
    }
    return new StrictDictionary('inputs', Object.keys(declared), values);
  }

  private fail(error: unknown, where: string): void {
    const message = `${where}: ${(error as Error).message}`;
    if (error instanceof WiringError) this.run.wiringErrors.push(message);
    this.say(`::error::${message}`);
    this.run.result = 'failure';
  }

  private finish(): WorkflowRun {
    this.run.endedAt = Date.now();
    rmSync(this.root, { recursive: true, force: true });
    if (Object.values(this.run.jobs).some((job) => job.result === 'failure')) this.run.result = 'failure';
    if (this.cancelled) this.run.result = 'cancelled';
    return this.run;
  }

  /** The reusable workflow: typed inputs checked as GitHub checks them, then its job graph. */
  private async runCalled(
    file: WorkflowFile,
    given: Record<string, unknown>,
    secrets: Record<string, string>,
    workflowRef: string,
    caller: WorkflowFile,
    granted: Record<string, string>,
  ): Promise<Record<string, string>> {
    if (!file.template.events.workflow_call) throw new WiringError(`${file.name} has no on.workflow_call.`);
    checkPermissions(file, caller, granted);
    // The model drops `type: number`; the raw declarations keep every type and default.
    const declared = (evaluateToken(rawAt(file.raw, 'on', 'workflow_call', 'inputs'), {
      github: toData(this.github(workflowRef)),
    }) ?? {}) as Record<string, DeclaredInput>;
    const inputs = typedInputs(file, caller, declared, given);
    checkSecrets(file, caller, secrets);

    const base = (job = '', environment?: EnvironmentSettings): Contexts => ({
      github: toData(this.github(workflowRef, job)),
      inputs: new StrictDictionary('inputs', Object.keys(declared), inputs),
      // A job in an environment sees that environment's variables and secrets over the repository's.
      vars: toData({ ...this.world.vars, ...environment?.vars }),
      secrets: toData({ ...secrets, ...environment?.secrets }),
    });
    const workflowEnv = (file.template.env ? evaluateToken(file.template.env, base()) : {}) as Record<
      string,
      string
    >;
    // A called workflow without `permissions:` gets its caller's; with them, only those (never more).
    const permissions = (evaluateToken(rawAt(file.raw, 'permissions'), base()) ?? granted) as Record<
      string,
      string
    > | null;
    if (file.template.concurrency) {
      const concurrency = evaluateToken(file.template.concurrency, base()) as { group?: string } | string;
      this.run.concurrencyGroup = typeof concurrency === 'string' ? concurrency : concurrency?.group;
    }
    await this.runJobGraph(file, { base, workflowEnv, permissions, workflowRef });
    return this.calledOutputs(file, base());
  }

  /** Each job starts when the jobs it needs have ended, as GitHub schedules them. */
  private async runJobGraph(file: WorkflowFile, shared: SharedContexts): Promise<void> {
    const jobs = new Map(file.template.jobs.map((job) => [job.id.value, job]));
    const done = new Map<string, Promise<JobRun>>();
    const start = (id: string): Promise<JobRun> => {
      let promise = done.get(id);
      if (!promise) {
        const job = jobs.get(id);
        if (!job) throw new WiringError(`${file.name}: a job needs ${id}, which does not exist.`);
        promise = Promise.all((job.needs ?? []).map((need) => start(need.value))).then((needs) =>
          this.runJob(file, job, needs, shared),
        );
        done.set(id, promise);
      }
      return promise;
    };
    await Promise.all([...jobs.keys()].map(start));
  }

  /** on.workflow_call.outputs, read from the finished jobs' outputs. */
  private calledOutputs(file: WorkflowFile, base: Contexts): Record<string, string> {
    const outputsToken = rawAt(file.raw, 'on', 'workflow_call', 'outputs');
    const outputs: Record<string, string> = {};
    if (!outputsToken || !isMapping(outputsToken)) return outputs;
    const jobs = file.template.jobs;
    const jobsContext = new StrictDictionary(
      'jobs',
      jobs.map((job) => job.id.value),
      Object.fromEntries(
        jobs.map((job) => {
          const run = this.run.jobs[job.id.value]!;
          return [
            job.id.value,
            {
              result: run.result,
              outputs: new StrictDictionary(
                `jobs.${job.id.value}.outputs`,
                declaredOutputs(job),
                run.outputs,
              ),
            },
          ];
        }),
      ),
    );
    for (const pair of outputsToken) {
      const name = isString(pair.key) ? pair.key.value : String(pair.key);
      try {
        outputs[name] = evaluateString(rawAt(pair.value, 'value'), { ...base, jobs: jobsContext });
      } catch (error) {
        this.fail(error, `${file.name}: on.workflow_call.outputs.${name}`);
      }
    }
    return outputs;
  }

  private async runJob(
    file: WorkflowFile,
    job: ParsedJob,
    needs: JobRun[],
    shared: SharedContexts,
  ): Promise<JobRun> {
    const id = job.id.value;
    const run: JobRun = {
      id,
      result: 'skipped',
      outputs: {},
      steps: [],
      startedAt: Date.now(),
      endedAt: 0,
      summaries: [],
      log: [],
    };
    this.run.jobs[id] = run;
    if (job.type !== 'job')
      throw new Error(`${file.name}: job ${id} calls another workflow; nesting is not run here.`);
    const jobStatus: Status = {
      success: !this.cancelled && needs.every((need) => need.result === 'success'),
      failure: needs.some((need) => need.result === 'failure'),
      cancelled: this.cancelled,
    };
    const contexts: Contexts = { ...shared.base(id), needs: needsContext(file, needs) };
    const log = (line: string) => {
      run.log.push(this.mask(line));
      this.say(`[${id}] ${line}`);
    };
    try {
      if (!truthy(evaluate(job.if.expression, contexts, jobStatus))) {
        log(`skipped (if: ${job.if.expression})`);
        run.endedAt = Date.now();
        return run;
      }
      run.result = 'success';
      const execution = this.prepareJob({ file, job, run, contexts, needs, shared, log });
      if (execution) await this.executeJob(execution);
    } catch (error) {
      run.result = 'failure';
      this.fail(error, `${file.name}: job ${id}`);
    }
    run.endedAt = Date.now();
    log(`${run.result} in ${((run.endedAt - run.startedAt) / 1000).toFixed(1)} s`);
    return run;
  }

  /** A job's steps in order, then its outputs and environment url, then the post steps of the actions it started. */
  private async executeJob(execution: JobExecution): Promise<void> {
    for (const [index, step] of execution.job.steps.entries()) await this.runStep(execution, step, index);
    const finalContexts = this.concludeJob(execution);
    await this.runPosts(execution, finalContexts);
  }

  /**
   * The job's runner machine: its folders, its environment (once a required reviewer approves), the process
   * environment every step starts from, and an ID-token grant when the job may write `id-token`.
   * Undefined when the reviewer rejects the job.
   */
  private prepareJob(call: JobCall): JobExecution | undefined {
    const { job, run, shared } = call;
    const id = run.id;
    const [workspace, home, temp] = ['workspace', 'home', 'temp'].map((dir) => join(this.root, id, dir)) as [
      string,
      string,
      string,
    ];
    for (const dir of [workspace, home, temp]) mkdirSync(dir, { recursive: true });

    evaluateToken(job['runs-on'], call.contexts);
    const entered = this.enterEnvironment(call);
    if (!entered) return undefined;
    const { environmentName, environment } = entered;
    const contexts: Contexts = {
      ...call.contexts,
      ...shared.base(id, environment),
      needs: call.contexts.needs!,
    };
    const source = this.workflowSources.get(shared.workflowRef)!;
    const jobPermissions = rawAt(call.file.raw, 'jobs', id, 'permissions');
    const permissions = (
      jobPermissions ? evaluateToken(jobPermissions, contexts) : shared.permissions
    ) as Record<string, string> | null;
    contexts.github = toData(this.github(shared.workflowRef, id, this.jobToken(permissions)));
    const eventFile = join(temp, 'event.json');
    writeFileSync(eventFile, JSON.stringify(eventPayload(this.world.event)));
    const env = this.machineEnv(id, { workspace, home, temp }, shared.workflowRef);
    env.GITHUB_EVENT_PATH = eventFile;
    if (permissions?.['id-token'] === 'write')
      this.grantIdToken(env, run, environmentName, shared.workflowRef, source);
    const jobEnv: Record<string, string> = {
      ...shared.workflowEnv,
      ...((job.env ? evaluateToken(job.env, contexts) : {}) as Record<string, string>),
    };
    return {
      ...call,
      contexts,
      source,
      environmentName,
      workspace,
      temp,
      env,
      jobEnv,
      stepValues: {},
      posts: [],
      failed: false,
    };
  }

  /**
   * The job's environment, once a required reviewer approves; undefined (the job failed) when one rejects it.
   * Its name is known before the steps run; its url may read their outputs, so it comes after them.
   */
  private enterEnvironment(
    call: JobCall,
  ): { environmentName?: string; environment?: EnvironmentSettings } | undefined {
    const { job, run, log } = call;
    const environmentName = job.environment
      ? evaluateString(
          isMapping(job.environment) ? rawAt(job.environment, 'name') : job.environment,
          call.contexts,
        )
      : undefined;
    const environment = environmentName ? this.world.environments?.[environmentName] : undefined;
    if (!environmentName || !environment?.requiredReviewers) return { environmentName, environment };
    const approved =
      this.world.approve?.({ job: run.id, environment: environmentName, needs: call.needs }) ?? true;
    run.approval = { requestedAt: Date.now(), approved };
    log(`Waiting for a review of environment ${environmentName}: ${approved ? 'approved' : 'rejected'}.`);
    if (approved) return { environmentName, environment };
    run.result = 'failure';
    return undefined;
  }

  /** What a step's process sees of the runner machine before the job's own `env:`. */
  private machineEnv(
    id: string,
    dirs: { workspace: string; home: string; temp: string },
    workflowRef: string,
  ): NodeJS.ProcessEnv {
    const { emulator, event } = this.world;
    return {
      PATH: [AZ_SHIM_DIR, dirname(process.execPath), '/usr/bin', '/bin'].join(':'),
      HOME: dirs.home,
      RUNNER_TEMP: dirs.temp,
      RUNNER_OS: 'Linux',
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: dirs.workspace,
      GITHUB_REPOSITORY: event.repository,
      GITHUB_SHA: event.sha,
      GITHUB_REF: event.ref,
      GITHUB_EVENT_NAME: event.name,
      GITHUB_RUN_ID: this.world.runId,
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: this.world.githubApi?.url ?? 'https://api.github.com',
      GITHUB_JOB: id,
      // Inside a called workflow GitHub names the caller's workflow here.
      GITHUB_WORKFLOW_REF: this.callerWorkflowRef || workflowRef,
      // The runner machine's view of the emulated clouds: endpoints and the CA that signs them, nothing else.
      AZURE_AUTHORITY_HOST: emulator.env.AZURE_AUTHORITY_HOST,
      AZURE_RESOURCE_MANAGER_URL: emulator.env.AZURE_RESOURCE_MANAGER_URL,
      NODE_EXTRA_CA_CERTS: emulator.env.NODE_EXTRA_CA_CERTS,
      CURL_CA_BUNDLE: emulator.env.NODE_EXTRA_CA_CERTS,
      NEXT_ITEM_EMULATOR_URL: emulator.env.NEXT_ITEM_EMULATOR_URL,
      ...compileCacheEnv(),
    };
  }

  /** `permissions: id-token: write`: the job may ask the emulated GitHub OIDC provider for tokens with its subject. */
  private grantIdToken(
    env: NodeJS.ProcessEnv,
    run: JobRun,
    environmentName: string | undefined,
    workflowRef: string,
    source: WorkflowSource,
  ): void {
    const { emulator, event } = this.world;
    const [workflowPath, ref] = workflowRef.split('@') as [string, string];
    const subject = environmentName
      ? `repo:${event.repository}:environment:${environmentName}`
      : event.name === 'pull_request'
        ? `repo:${event.repository}:pull_request`
        : `repo:${event.repository}:ref:${event.ref}`;
    run.subject = subject;
    env.ACTIONS_ID_TOKEN_REQUEST_URL = emulator.identity.idTokenRequestUrl;
    env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = emulator.identity.registerJob({
      sub: subject,
      repository: event.repository,
      ref: event.ref,
      environment: environmentName,
      workflow_ref: workflowRef,
      job_workflow_ref: `${workflowPath}@${ref}`,
      job_workflow_sha: source.sha,
    });
    this.masks.add(env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
  }

  private stepsContext(execution: JobExecution): StrictDictionary {
    return new StrictDictionary(
      'steps',
      execution.job.steps.map((step) => step.id),
      execution.stepValues,
    );
  }

  /** success()/failure()/cancelled() as a step (or post step) of this job sees them. */
  private stepStatus(execution: JobExecution): Status {
    return {
      success: !execution.failed && !this.cancelled,
      failure: execution.failed,
      cancelled: this.cancelled,
    };
  }

  /** One step: its `if:`, its environment and files, the script or action it runs, what it leaves for the next. */
  private async runStep(execution: JobExecution, step: Step, index: number): Promise<void> {
    if (!('if' in step) || !step.if || !('run' in step || 'uses' in step)) return;
    const { run, log } = execution;
    const stepRun: StepRun = { name: stepName(step), result: 'skipped', startedAt: Date.now(), endedAt: 0 };
    run.steps.push(stepRun);
    const contexts = this.stepContexts(execution);
    if (!truthy(evaluate(step.if.expression, contexts, this.stepStatus(execution)))) {
      execution.stepValues[step.id] = { outcome: 'skipped', conclusion: 'skipped', outputs: {} };
      stepRun.endedAt = Date.now();
      return;
    }
    const stepEnv = {
      ...execution.jobEnv,
      ...((step.env ? evaluateToken(step.env, contexts) : {}) as Record<string, string>),
    };
    const files = stepFiles(execution.temp, index);
    const processEnv: NodeJS.ProcessEnv = {
      ...execution.env,
      ...stepEnv,
      GITHUB_OUTPUT: files.output,
      GITHUB_STATE: files.state,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_ENV: files.env,
      GITHUB_PATH: files.path,
    };
    log(`▶ ${stepRun.name}`);
    const attempt: StepAttempt = { stepRun, index, contexts, processEnv, files };
    let outputs: Record<string, string>;
    try {
      if ('run' in step) await this.runScript(execution, step.run, attempt);
      else if ('uses' in step) await this.runUses(execution, step.uses.value, attempt);
      outputs = parseFileCommands(readFileSync(files.output, 'utf8'));
      Object.assign(execution.jobEnv, parseFileCommands(readFileSync(files.env, 'utf8')));
      stepRun.result = 'success';
    } catch (error) {
      if (error instanceof WiringError) throw error;
      stepRun.result = this.cancelled ? 'cancelled' : 'failure';
      stepRun.error = (error as Error).message;
      log(`✗ ${stepRun.name}: ${this.mask(stepRun.error)}`);
      execution.failed = true;
      outputs = existsSync(files.output) ? parseFileCommands(readFileSync(files.output, 'utf8')) : {};
    }
    this.recordStep(execution, step.id, attempt, outputs);
  }

  private stepContexts(execution: JobExecution): Contexts {
    const { source } = execution;
    const { workflowRef } = execution.shared;
    return {
      ...execution.contexts,
      env: toData(execution.jobEnv),
      steps: this.stepsContext(execution),
      job: toData({
        status: this.cancelled ? 'cancelled' : execution.failed ? 'failure' : 'success',
        workflow_repository: source.repository,
        workflow_sha: source.sha,
        workflow_ref: workflowRef,
        workflow_file_path: workflowRef.split('@')[0]!.slice(source.repository.length + 1),
      }),
      runner: toData({ os: 'Linux', temp: execution.temp }),
    };
  }

  /** The step's summary, its outputs (only declared ones, for an action) and its outcome, for the steps after it. */
  private recordStep(
    execution: JobExecution,
    stepId: string,
    attempt: StepAttempt,
    outputs: Record<string, string>,
  ): void {
    const { stepRun, files, allowedOutputs } = attempt;
    const summary = existsSync(files.summary) ? readFileSync(files.summary, 'utf8') : '';
    if (summary.trim()) execution.run.summaries.push(this.mask(summary));
    stepRun.endedAt = Date.now();
    execution.stepValues[stepId] = {
      outcome: stepRun.result,
      conclusion: stepRun.result,
      outputs:
        allowedOutputs || stepRun.result === 'success'
          ? new StrictDictionary(`steps.${stepId}.outputs`, allowedOutputs ?? Object.keys(outputs), outputs)
          : outputs,
    };
  }

  /** `run:` a bash script, as the runner runs it (`bash --noprofile --norc -eo pipefail`). */
  private async runScript(execution: JobExecution, run: TemplateToken, attempt: StepAttempt): Promise<void> {
    const script = evaluateString(run, attempt.contexts);
    const scriptFile = join(execution.temp, `step-${attempt.index}.sh`);
    writeFileSync(scriptFile, script);
    await this.spawnLogged(
      'bash',
      ['--noprofile', '--norc', '-eo', 'pipefail', scriptFile],
      attempt.processEnv,
      execution.workspace,
      execution.log,
    );
  }

  /** `uses:` an action of this repository (`./`, `$/`) run from its manifest, or a stand-in for a marketplace action. */
  private async runUses(execution: JobExecution, uses: string, attempt: StepAttempt): Promise<void> {
    const { stepRun, index, contexts, processEnv, files } = attempt;
    stepRun.uses = uses;
    const withToken = stepWith(execution.file, execution.run.id, index);
    const given = (withToken ? evaluateToken(withToken, contexts) : {}) as Record<string, unknown>;
    const inputs = Object.fromEntries(
      Object.entries(given).map(([k, v]) => [k, v === null ? '' : String(v)]),
    );
    if (!uses.startsWith('./') && !uses.startsWith('$/')) {
      await this.runStandIn(execution, uses, inputs, processEnv);
      attempt.allowedOutputs = [];
      return;
    }
    const action = uses.startsWith('$/')
      ? this.selfAction(execution.source, uses, inputs, execution.log)
      : this.localAction(execution.workspace, uses, inputs);
    attempt.allowedOutputs = action.outputs;
    // A started step's post step runs at the end of the job whatever became of the main step.
    if (action.post)
      execution.posts.push({
        name: stepRun.name,
        entry: action.post,
        condition: action.postIf,
        stateFile: files.state,
        inputs: action.inputEnv,
      });
    await this.spawnLogged(
      process.execPath,
      [action.main],
      { ...processEnv, ...action.inputEnv },
      execution.workspace,
      execution.log,
    );
  }

  /** A marketplace action (actions/checkout, azure/login…): pinned to a commit, its inputs checked, its stand-in run. */
  private async runStandIn(
    execution: JobExecution,
    uses: string,
    inputs: Record<string, string>,
    processEnv: NodeJS.ProcessEnv,
  ): Promise<void> {
    const { event } = this.world;
    const [name, version] = uses.split('@') as [string, string | undefined];
    const standIn = STAND_INS[name.toLowerCase()];
    if (!standIn) throw new Error(`${uses}: the end-to-end runner has no stand-in for this action.`);
    if (!version || !SHA.test(version)) throw new WiringError(`${uses} is not pinned to a full commit SHA.`);
    for (const key of Object.keys(inputs))
      if (!standIn.inputs.includes(key)) throw new WiringError(`${uses} has no input ${key}.`);
    await standIn.run({
      inputs,
      env: processEnv,
      workspace: execution.workspace,
      repositories: this.world.repositories,
      defaultRepository: event.repository,
      defaultSha: event.sha,
      log: execution.log,
      mask: (secret) => this.masks.add(secret),
    });
  }

  /** The job's result, its `outputs:` and its environment's url, read once every step has run. */
  private concludeJob(execution: JobExecution): Contexts {
    const { job, run } = execution;
    if (execution.failed) run.result = 'failure';
    if (this.cancelled && run.steps.some((step) => step.result === 'cancelled' || step.result === 'skipped'))
      run.result = 'cancelled';
    const finalContexts: Contexts = {
      ...execution.contexts,
      env: toData(execution.jobEnv),
      steps: this.stepsContext(execution),
    };
    if (job.outputs)
      for (const pair of job.outputs) {
        const name = isString(pair.key) ? pair.key.value : String(pair.key);
        run.outputs[name] = evaluateString(pair.value, finalContexts);
      }
    if (execution.environmentName) {
      const url = evaluateString(rawAt(job.environment, 'url'), finalContexts);
      run.environment = { name: execution.environmentName, url };
    }
    return finalContexts;
  }

  /** Post steps in reverse order of their main steps, each under its `post-if`, with the state its main step saved. */
  private async runPosts(execution: JobExecution, finalContexts: Contexts): Promise<void> {
    const { run, log } = execution;
    for (const post of execution.posts.reverse()) {
      const condition = evaluate(
        post.condition,
        { ...finalContexts, job: toData({ status: run.result }) },
        this.stepStatus(execution),
      );
      if (!truthy(condition)) continue;
      const stateEnv = Object.fromEntries(
        Object.entries(parseFileCommands(readFileSync(post.stateFile, 'utf8'))).map(([k, v]) => [
          `STATE_${k}`,
          v,
        ]),
      );
      await this.spawnLogged(
        process.execPath,
        [post.entry],
        { ...execution.env, ...execution.jobEnv, ...post.inputs, ...stateEnv },
        execution.workspace,
        log,
      ).catch((error: Error) => log(`post ${post.name}: ${error.message}`));
    }
  }

  /** The job's GITHUB_TOKEN with its permissions; a fork's pull request gets read-only ones, as on GitHub. */
  private jobToken(permissions: Record<string, string> | null): string {
    const { githubApi, event } = this.world;
    if (!githubApi) return '';
    const head = event.pullRequest?.headRepository;
    const fork = event.name === 'pull_request' && !!head && head !== event.repository;
    const granted = Object.fromEntries(
      Object.entries(permissions ?? {}).map(([scope, level]) => [
        scope,
        fork && level === 'write' ? 'read' : level,
      ]),
    );
    const token = githubApi.issueToken({ repository: event.repository, permissions: granted });
    this.masks.add(token);
    return token;
  }

  /**
   * `uses: $/path`: the action at `path` of the repository holding the running workflow file, at the commit
   * being run (GitHub changelog 2026-07-30). No checkout and no token: the runner fetches it as it fetches the
   * workflow itself, so it works for a private actions repository whose workflow the caller may call.
   */
  private selfAction(
    source: WorkflowSource,
    uses: string,
    inputs: Record<string, string>,
    log: (line: string) => void,
  ) {
    const path = uses.slice(2);
    if (!path || path.split('/').includes('..') || uses.includes('@'))
      throw new WiringError(
        `${uses}: a $/ reference names a folder of the workflow's repository, with no @ref.`,
      );
    log(`Resolved ${uses} to ${source.repository}/${path}@${source.sha}`);
    return this.localAction(source.dir, `./${path}`, inputs);
  }

  /** A local action of the checkout: its manifest checked against the step's `with:`, as the runner reads it. */
  private localAction(workspace: string, uses: string, inputs: Record<string, string>) {
    const dir = resolve(workspace, uses);
    const manifestFile = ['action.yml', 'action.yaml'].map((name) => join(dir, name)).find(existsSync);
    if (!manifestFile)
      throw new Error(
        `Can't find 'action.yml' under '${dir}'. Did you forget to run actions/checkout before running your local action?`,
      );
    const manifest = readManifest(manifestFile);
    if (manifest.runs.using !== 'node24')
      throw new Error(`${uses}: runs.using is ${manifest.runs.using}, expected node24.`);
    const declared = manifest.inputs ?? {};
    for (const key of Object.keys(inputs))
      if (!(key in declared))
        throw new WiringError(
          `${uses} has no input ${key} (its inputs: ${Object.keys(declared).join(', ')}).`,
        );
    const inputEnv: NodeJS.ProcessEnv = {};
    for (const [name, spec] of Object.entries(declared))
      inputEnv[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = inputs[name] ?? spec.default ?? '';
    return {
      main: join(dir, manifest.runs.main),
      post: manifest.runs.post ? join(dir, manifest.runs.post) : undefined,
      postIf: manifest.runs['post-if'] ?? 'always()',
      outputs: Object.keys(manifest.outputs ?? {}),
      inputEnv,
    };
  }

  /** Runs a process of a step, its stdout and stderr shown as the runner shows them (masking commands hidden). */
  private spawnLogged(
    command: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    cwd: string,
    log: (line: string) => void,
  ): Promise<void> {
    return new Promise((resolvePromise, reject) => {
      const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
      this.active.add(child);
      const group = { open: false };
      const lines = (stream: NodeJS.ReadableStream) => {
        let rest = '';
        stream.on('data', (chunk: Buffer) => {
          const text = rest + chunk.toString();
          const parts = text.split('\n');
          rest = parts.pop()!;
          for (const line of parts) this.showLine(line, log, group);
        });
        stream.on('end', () => rest && this.showLine(rest, log, group));
      };
      lines(child.stdout);
      lines(child.stderr);
      child.on('error', reject);
      child.on('close', (code, signal) => {
        this.active.delete(child);
        if (code === 0) resolvePromise();
        else
          reject(
            new Error(
              this.cancelled
                ? 'The operation was canceled.'
                : `Process completed with exit code ${code ?? signal}.`,
            ),
          );
      });
    });
  }

  /** A line as the runner shows it: masking and debug commands hidden, a group's lines indented under its title. */
  private showLine(line: string, log: (line: string) => void, group: { open: boolean }): void {
    const mask = /^::add-mask::(.*)$/.exec(line);
    if (mask) {
      this.masks.add(mask[1]!);
      return;
    }
    if (line.startsWith('::debug::')) return;
    if (line.startsWith('::endgroup::')) {
      group.open = false;
      return;
    }
    if (line.startsWith('::group::')) {
      group.open = true;
      log(`▸ ${line.slice('::group::'.length)}`);
      return;
    }
    log(group.open ? `  ${line}` : line);
  }
}

interface ActionManifest {
  inputs?: Record<string, { default?: string; required?: boolean }>;
  outputs?: Record<string, unknown>;
  runs: { using: string; main: string; post?: string; 'post-if'?: string };
}

/** Parsed action.yml files by content: every step of every run reads one, and the same few each time. */
const parsedManifests = new Map<string, ActionManifest>();

function readManifest(file: string): ActionManifest {
  const text = readFileSync(file, 'utf8');
  let manifest = parsedManifests.get(text);
  if (!manifest) {
    manifest = parseYaml(text) as ActionManifest;
    parsedManifests.set(text, manifest);
  }
  return manifest;
}

/** The event's payload as GITHUB_EVENT_PATH holds it: for a pull request, its number and head repository. */
function eventPayload(event: GithubEvent): Record<string, unknown> {
  if (event.name !== 'pull_request' || !event.pullRequest) return {};
  const head = event.pullRequest.headRepository ?? event.repository;
  return {
    number: event.pullRequest.number,
    pull_request: { number: event.pullRequest.number, head: { repo: { full_name: head } } },
  };
}

/** Whether a workflow in `source` may be called from `caller`: public, or shared with the caller's owner. */
function callable(source: RepositorySource, repository: string, caller: string): boolean {
  if (source.visibility === undefined || source.visibility === 'public' || repository === caller) return true;
  return source.sharedWithOrganization === true && repository.split('/')[0] === caller.split('/')[0];
}

/** The `needs` context of a job: each needed job's result and declared outputs. */
function needsContext(file: WorkflowFile, needs: JobRun[]): StrictDictionary {
  return new StrictDictionary(
    'needs',
    needs.map((need) => need.id),
    Object.fromEntries(
      needs.map((need) => [
        need.id,
        {
          result: need.result,
          outputs: new StrictDictionary(
            `needs.${need.id}.outputs`,
            declaredOutputs(file.template.jobs.find((j) => j.id.value === need.id)!),
            need.outputs,
          ),
        },
      ]),
    ),
  );
}

function declaredOutputs(job: ParsedJob): string[] {
  const names: string[] = [];
  if (job.outputs)
    for (const pair of job.outputs) names.push(isString(pair.key) ? pair.key.value : String(pair.key));
  return names;
}

type Step = Extract<ParsedJob, { type: 'job' }>['steps'][number];
type CallerJob = Extract<ParsedJob, { type: 'reusableWorkflowJob' }>;

function stepName(step: Step): string {
  if (step.name) return String(isString(step.name) ? step.name.value : step.name);
  if ('uses' in step) return step.uses.value;
  if ('run' in step) return `Run ${String(isString(step.run) ? step.run.value : '').split('\n')[0]}`;
  return step.id;
}

function stepFiles(temp: string, index: number) {
  const dir = join(temp, `step-${index}`);
  mkdirSync(dir, { recursive: true });
  const files = {
    output: join(dir, 'output'),
    state: join(dir, 'state'),
    summary: join(dir, 'summary'),
    env: join(dir, 'env'),
    path: join(dir, 'path'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');
  return files;
}
