import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { isMapping, isString } from '@actions/workflow-parser';
import { parse as parseYaml } from 'yaml';
import type { RunningEmulator } from '../emulator/server.js';
import { AZ_SHIM_DIR } from '../emulator/server.js';
import { parseFileCommands } from '../support/run-bundle.js';
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
  /** A GitHub REST stand-in (action-test/github-api/): its URL, and the GITHUB_TOKEN it issues for a run. */
  githubApi?: GithubApiStandIn;
}

export interface GithubApiStandIn {
  url: string;
  /** The run's GITHUB_TOKEN, good for the permissions the workflow grants. */
  issueToken(repository: string, permissions: Record<string, string>): string;
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

  /** The run's GITHUB_TOKEN: issued by the GitHub stand-in when there is one, for the caller's permissions. */
  private token = '';

  constructor(private readonly world: RunnerWorld) {}

  private github(workflowRef: string, job = ''): Record<string, unknown> {
    const { event } = this.world;
    return {
      repository: event.repository,
      repository_owner: event.repository.split('/')[0],
      sha: event.sha,
      ref: event.ref,
      ref_name: event.ref.replace(/^refs\/(heads|tags)\//, ''),
      event_name: event.name,
      event: { inputs: event.inputs ?? {} },
      run_id: this.world.runId,
      run_attempt: '1',
      run_number: '1',
      server_url: 'https://github.com',
      api_url: this.world.githubApi?.url ?? 'https://api.github.com',
      actor: 'octocat',
      workflow_ref: workflowRef,
      job,
      workspace: '',
      token: this.token,
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
    const base: Contexts = {
      github: toData(this.github(workflowRef)),
      inputs: this.dispatchInputs(file),
      vars: toData(this.world.vars),
      secrets: toData(this.world.secrets),
    };
    if (this.world.githubApi) {
      const granted = (evaluateToken(rawAt(file.raw, 'permissions'), base) ?? {}) as Record<string, string>;
      this.token = this.world.githubApi.issueToken(event.repository, granted);
      this.masks.add(this.token);
      base.github = toData(this.github(workflowRef));
    }
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
        const granted = (evaluateToken(
          rawAt(file.raw, 'jobs', id, 'permissions') ?? rawAt(file.raw, 'permissions'),
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
    const call = file.template.events.workflow_call;
    if (!call) throw new WiringError(`${file.name} has no on.workflow_call.`);
    const requested = [
      rawAt(file.raw, 'permissions'),
      ...file.template.jobs.map((job) => rawAt(file.raw, 'jobs', job.id.value, 'permissions')),
    ];
    for (const token of requested) {
      const permissions = (evaluateToken(token, {}) ?? {}) as Record<string, string>;
      for (const [scope, level] of Object.entries(permissions))
        if (level === 'write' && granted[scope] !== 'write')
          throw new WiringError(
            `${file.name} requests '${scope}: write', but ${caller.name} only allows '${scope}: ${granted[scope] ?? 'none'}': grant it in the calling workflow.`,
          );
    }
    // The model drops `type: number`; the raw declarations keep every type and default.
    const declared = (evaluateToken(rawAt(file.raw, 'on', 'workflow_call', 'inputs'), {
      github: toData(this.github(workflowRef)),
    }) ?? {}) as Record<string, { type: string; required?: boolean; default?: unknown }>;
    const inputs: Record<string, unknown> = {};
    for (const name of Object.keys(given))
      if (!(name in declared))
        throw new WiringError(`${caller.name} passes input ${name}, which ${file.name} does not declare.`);
    for (const [name, spec] of Object.entries(declared)) {
      let value = given[name];
      if (value === undefined || value === null) {
        if (spec.required)
          throw new WiringError(`${caller.name} does not pass required input ${name} of ${file.name}.`);
        value = spec.default ?? (spec.type === 'boolean' ? false : spec.type === 'number' ? 0 : '');
      }
      if (typeof value !== spec.type)
        throw new WiringError(
          `Input ${name} of ${file.name} is a ${spec.type}; ${caller.name} passes ${JSON.stringify(value)}.`,
        );
      inputs[name] = value;
    }
    for (const name of Object.keys(secrets))
      if (
        !(name in (call.secrets ?? {})) &&
        !caller.template.jobs.some((j) => j.type === 'reusableWorkflowJob' && j['inherit-secrets'])
      )
        throw new WiringError(`${caller.name} passes secret ${name}, which ${file.name} does not declare.`);

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
    const permissions = evaluateToken(rawAt(file.raw, 'permissions'), base()) as Record<
      string,
      string
    > | null;
    if (file.template.concurrency) {
      const concurrency = evaluateToken(file.template.concurrency, base()) as { group?: string } | string;
      this.run.concurrencyGroup = typeof concurrency === 'string' ? concurrency : concurrency?.group;
    }

    const jobs = new Map(file.template.jobs.map((job) => [job.id.value, job]));
    const done = new Map<string, Promise<JobRun>>();
    const start = (id: string): Promise<JobRun> => {
      let promise = done.get(id);
      if (!promise) {
        const job = jobs.get(id);
        if (!job) throw new WiringError(`${file.name}: a job needs ${id}, which does not exist.`);
        promise = Promise.all((job.needs ?? []).map((need) => start(need.value))).then((needs) =>
          this.runJob(file, job, needs, { base, workflowEnv, permissions, workflowRef }),
        );
        done.set(id, promise);
      }
      return promise;
    };
    await Promise.all([...jobs.keys()].map(start));

    const outputsToken = rawAt(file.raw, 'on', 'workflow_call', 'outputs');
    const outputs: Record<string, string> = {};
    if (outputsToken && isMapping(outputsToken)) {
      const jobsContext = new StrictDictionary(
        'jobs',
        jobs.keys(),
        Object.fromEntries(
          [...jobs.values()].map((job) => {
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
          outputs[name] = evaluateString(rawAt(pair.value, 'value'), { ...base(), jobs: jobsContext });
        } catch (error) {
          this.fail(error, `${file.name}: on.workflow_call.outputs.${name}`);
        }
      }
    }
    return outputs;
  }

  private async runJob(
    file: WorkflowFile,
    job: ParsedJob,
    needs: JobRun[],
    shared: {
      base: (job: string, environment?: EnvironmentSettings) => Contexts;
      workflowEnv: Record<string, string>;
      permissions: Record<string, string> | null;
      workflowRef: string;
    },
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
    const needsContext = new StrictDictionary(
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
    const jobStatus: Status = {
      success: !this.cancelled && needs.every((need) => need.result === 'success'),
      failure: needs.some((need) => need.result === 'failure'),
      cancelled: this.cancelled,
    };
    const contexts: Contexts = { ...shared.base(id), needs: needsContext };
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
      await this.executeJob(file, job, run, contexts, needs, shared, log);
    } catch (error) {
      run.result = 'failure';
      this.fail(error, `${file.name}: job ${id}`);
    }
    run.endedAt = Date.now();
    log(`${run.result} in ${((run.endedAt - run.startedAt) / 1000).toFixed(1)} s`);
    return run;
  }

  private async executeJob(
    file: WorkflowFile,
    job: ParsedJob & { type: 'job' },
    run: JobRun,
    jobContexts: Contexts,
    needs: JobRun[],
    shared: {
      base: (job: string, environment?: EnvironmentSettings) => Contexts;
      workflowEnv: Record<string, string>;
      permissions: Record<string, string> | null;
      workflowRef: string;
    },
    log: (line: string) => void,
  ): Promise<void> {
    const { emulator, event } = this.world;
    const id = run.id;
    run.result = 'success';
    const workspace = join(this.root, id, 'workspace');
    const home = join(this.root, id, 'home');
    const temp = join(this.root, id, 'temp');
    for (const dir of [workspace, home, temp]) mkdirSync(dir, { recursive: true });

    evaluateToken(job['runs-on'], jobContexts);
    // The environment's name is known before the steps run; its url may read their outputs, so it comes after.
    const environmentName = job.environment
      ? evaluateString(
          isMapping(job.environment) ? rawAt(job.environment, 'name') : job.environment,
          jobContexts,
        )
      : undefined;
    const environment = environmentName ? this.world.environments?.[environmentName] : undefined;
    const contexts: Contexts = { ...jobContexts, ...shared.base(id, environment), needs: jobContexts.needs! };
    if (environmentName && environment?.requiredReviewers) {
      const approved = this.world.approve?.({ job: id, environment: environmentName, needs }) ?? true;
      run.approval = { requestedAt: Date.now(), approved };
      log(`Waiting for a review of environment ${environmentName}: ${approved ? 'approved' : 'rejected'}.`);
      if (!approved) {
        run.result = 'failure';
        return;
      }
    }
    const source = this.workflowSources.get(shared.workflowRef)!;
    const permissions = (
      rawAt(file.raw, 'jobs', id, 'permissions')
        ? evaluateToken(rawAt(file.raw, 'jobs', id, 'permissions')!, contexts)
        : shared.permissions
    ) as Record<string, string> | null;
    const env: NodeJS.ProcessEnv = {
      PATH: [AZ_SHIM_DIR, dirname(process.execPath), '/usr/bin', '/bin'].join(':'),
      HOME: home,
      RUNNER_TEMP: temp,
      RUNNER_OS: 'Linux',
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_REPOSITORY: event.repository,
      GITHUB_SHA: event.sha,
      GITHUB_REF: event.ref,
      GITHUB_EVENT_NAME: event.name,
      GITHUB_RUN_ID: this.world.runId,
      GITHUB_API_URL: this.world.githubApi?.url ?? 'https://api.github.com',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_JOB: id,
      GITHUB_WORKFLOW_REF: shared.workflowRef,
      // The runner machine's view of the emulated clouds: endpoints and the CA that signs them, nothing else.
      AZURE_AUTHORITY_HOST: emulator.env.AZURE_AUTHORITY_HOST,
      AZURE_RESOURCE_MANAGER_URL: emulator.env.AZURE_RESOURCE_MANAGER_URL,
      NODE_EXTRA_CA_CERTS: emulator.env.NODE_EXTRA_CA_CERTS,
      CURL_CA_BUNDLE: emulator.env.NODE_EXTRA_CA_CERTS,
      NEXT_ITEM_EMULATOR_URL: emulator.env.NEXT_ITEM_EMULATOR_URL,
    };
    if (permissions?.['id-token'] === 'write') {
      const [workflowPath, ref] = shared.workflowRef.split('@') as [string, string];
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
        workflow_ref: shared.workflowRef,
        job_workflow_ref: `${workflowPath}@${ref}`,
        job_workflow_sha: source.sha,
      });
      this.masks.add(env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
    }
    const jobEnv: Record<string, string> = {
      ...shared.workflowEnv,
      ...((job.env ? evaluateToken(job.env, contexts) : {}) as Record<string, string>),
    };

    const stepIds = job.steps.map((step) => step.id);
    const stepValues: Record<string, unknown> = {};
    const stepsContext = () => new StrictDictionary('steps', stepIds, stepValues);
    const posts: {
      name: string;
      entry: string;
      condition: string;
      stateFile: string;
      inputs: NodeJS.ProcessEnv;
    }[] = [];
    let failed = false;

    for (const [index, step] of job.steps.entries()) {
      if (!('if' in step) || !step.if || !('run' in step || 'uses' in step)) continue;
      const stepRun: StepRun = { name: stepName(step), result: 'skipped', startedAt: Date.now(), endedAt: 0 };
      run.steps.push(stepRun);
      const stepContexts: Contexts = {
        ...contexts,
        env: toData(jobEnv),
        steps: stepsContext(),
        job: toData({
          status: this.cancelled ? 'cancelled' : failed ? 'failure' : 'success',
          workflow_repository: source.repository,
          workflow_sha: source.sha,
          workflow_ref: shared.workflowRef,
          workflow_file_path: shared.workflowRef.split('@')[0]!.slice(source.repository.length + 1),
        }),
        runner: toData({ os: 'Linux', temp }),
      };
      const status: Status = {
        success: !failed && !this.cancelled,
        failure: failed,
        cancelled: this.cancelled,
      };
      if (!truthy(evaluate(step.if.expression, stepContexts, status))) {
        stepValues[step.id] = { outcome: 'skipped', conclusion: 'skipped', outputs: {} };
        stepRun.endedAt = Date.now();
        continue;
      }
      const stepEnv = {
        ...jobEnv,
        ...((step.env ? evaluateToken(step.env, stepContexts) : {}) as Record<string, string>),
      };
      const files = stepFiles(temp, index);
      const processEnv: NodeJS.ProcessEnv = {
        ...env,
        ...stepEnv,
        GITHUB_OUTPUT: files.output,
        GITHUB_STATE: files.state,
        GITHUB_STEP_SUMMARY: files.summary,
        GITHUB_ENV: files.env,
        GITHUB_PATH: files.path,
      };
      log(`▶ ${stepRun.name}`);
      let outputs: Record<string, string>;
      let allowedOutputs: string[] | undefined;
      try {
        if ('run' in step) {
          const script = evaluateString(step.run, stepContexts);
          const scriptFile = join(temp, `step-${index}.sh`);
          writeFileSync(scriptFile, script);
          await this.spawnLogged(
            'bash',
            ['--noprofile', '--norc', '-eo', 'pipefail', scriptFile],
            processEnv,
            workspace,
            log,
          );
        } else if ('uses' in step) {
          const uses = step.uses.value;
          stepRun.uses = uses;
          const withToken = stepWith(file, id, index);
          const given = (withToken ? evaluateToken(withToken, stepContexts) : {}) as Record<string, unknown>;
          const inputs = Object.fromEntries(
            Object.entries(given).map(([k, v]) => [k, v === null ? '' : String(v)]),
          );
          if (uses.startsWith('./') || uses.startsWith('$/')) {
            const action = uses.startsWith('$/')
              ? this.selfAction(source, uses, inputs, log)
              : this.localAction(workspace, uses, inputs);
            allowedOutputs = action.outputs;
            // A started step's post step runs at the end of the job whatever became of the main step.
            if (action.post)
              posts.push({
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
              workspace,
              log,
            );
          } else {
            const [name, version] = uses.split('@') as [string, string | undefined];
            const standIn = STAND_INS[name.toLowerCase()];
            if (!standIn) throw new Error(`${uses}: the end-to-end runner has no stand-in for this action.`);
            if (!version || !SHA.test(version))
              throw new WiringError(`${uses} is not pinned to a full commit SHA.`);
            for (const key of Object.keys(inputs))
              if (!standIn.inputs.includes(key)) throw new WiringError(`${uses} has no input ${key}.`);
            await standIn.run({
              inputs,
              env: processEnv,
              workspace,
              repositories: this.world.repositories,
              defaultRepository: event.repository,
              defaultSha: event.sha,
              log,
              mask: (secret) => this.masks.add(secret),
            });
            allowedOutputs = [];
          }
        }
        outputs = parseFileCommands(readFileSync(files.output, 'utf8'));
        Object.assign(jobEnv, parseFileCommands(readFileSync(files.env, 'utf8')));
        stepRun.result = 'success';
      } catch (error) {
        if (error instanceof WiringError) throw error;
        stepRun.result = this.cancelled ? 'cancelled' : 'failure';
        stepRun.error = (error as Error).message;
        log(`✗ ${stepRun.name}: ${this.mask(stepRun.error)}`);
        failed = true;
        outputs = existsSync(files.output) ? parseFileCommands(readFileSync(files.output, 'utf8')) : {};
      }
      const summary = existsSync(files.summary) ? readFileSync(files.summary, 'utf8') : '';
      if (summary.trim()) run.summaries.push(this.mask(summary));
      stepRun.endedAt = Date.now();
      stepValues[step.id] = {
        outcome: stepRun.result,
        conclusion: stepRun.result,
        outputs:
          allowedOutputs || stepRun.result === 'success'
            ? new StrictDictionary(
                `steps.${step.id}.outputs`,
                allowedOutputs ?? Object.keys(outputs),
                outputs,
              )
            : outputs,
      };
    }
    if (failed) run.result = 'failure';
    if (this.cancelled && run.steps.some((step) => step.result === 'cancelled' || step.result === 'skipped'))
      run.result = 'cancelled';

    const finalContexts: Contexts = { ...contexts, env: toData(jobEnv), steps: stepsContext() };
    if (job.outputs)
      for (const pair of job.outputs) {
        const name = isString(pair.key) ? pair.key.value : String(pair.key);
        run.outputs[name] = evaluateString(pair.value, finalContexts);
      }
    if (environmentName) {
      const url = evaluateString(rawAt(job.environment, 'url'), finalContexts);
      run.environment = { name: environmentName, url };
    }
    for (const post of posts.reverse()) {
      const status: Status = {
        success: !failed && !this.cancelled,
        failure: failed,
        cancelled: this.cancelled,
      };
      if (
        !truthy(evaluate(post.condition, { ...finalContexts, job: toData({ status: run.result }) }, status))
      )
        continue;
      const stateEnv = Object.fromEntries(
        Object.entries(parseFileCommands(readFileSync(post.stateFile, 'utf8'))).map(([k, v]) => [
          `STATE_${k}`,
          v,
        ]),
      );
      await this.spawnLogged(
        process.execPath,
        [post.entry],
        { ...env, ...jobEnv, ...post.inputs, ...stateEnv },
        workspace,
        log,
      ).catch((error: Error) => log(`post ${post.name}: ${error.message}`));
    }
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
    const manifest = parseYaml(readFileSync(manifestFile, 'utf8')) as {
      inputs?: Record<string, { default?: string; required?: boolean }>;
      outputs?: Record<string, unknown>;
      runs: { using: string; main: string; post?: string; 'post-if'?: string };
    };
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

/** Whether a workflow in `source` may be called from `caller`: public, or shared with the caller's owner. */
function callable(source: RepositorySource, repository: string, caller: string): boolean {
  if (source.visibility === undefined || source.visibility === 'public' || repository === caller) return true;
  return source.sharedWithOrganization === true && repository.split('/')[0] === caller.split('/')[0];
}

function declaredOutputs(job: ParsedJob): string[] {
  const names: string[] = [];
  if (job.outputs)
    for (const pair of job.outputs) names.push(isString(pair.key) ? pair.key.value : String(pair.key));
  return names;
}

type Step = Extract<ParsedJob, { type: 'job' }>['steps'][number];

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
