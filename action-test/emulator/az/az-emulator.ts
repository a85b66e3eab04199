import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { AzureMlApi } from '../arm-ml.js';
import type { EmulatorResponse } from '../http.js';
import type { Identity } from '../identity.js';
import { jobState, type JobRecord } from '../jobs.js';
import {
  CHAMPION_METRICS_JSON,
  CHAMPION_MODEL_CARD_JSON,
  MODEL_CARD_JSON,
  modelOutput,
  TRAINING_METRICS_JSON,
} from '../model-repository.js';
import type { Faults } from '../config.js';
import type { WorkspaceStore } from '../workspace-store.js';
import { AcrCommands, CliFailure, OTHER_SUBSCRIPTION, type CommandOutput } from './acr-emulator.js';
import { CliUsageError, parseCommand, type ParsedCommand } from './cli-parser.js';
import { DataInputError, resolveJobInputs } from './data-inputs.js';
import { ModelInputError, resolveModelInputs } from './model-inputs.js';
import { compilePipeline, PipelineError, type CompiledPipeline } from './pipeline-compiler.js';

export interface AzInvocation {
  argv: string[];
  cwd: string;
  env: Record<string, string | undefined>;
}

export interface AzResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

interface CliSession {
  /** The subscription commands use without --subscription: after login, the first the identity sees. */
  login?: { clientId: string; tenantId: string; expiresAt: number; defaultSubscription: string };
  cloud: string;
}

export const ML_EXTENSION_VERSION = '2.30.0';
const KNOWN_COMPUTES = ['gpu-cluster', 'cpu-cluster'];
const ADJECTIVES = ['gentle', 'brave', 'calm', 'eager', 'lucid', 'quiet', 'sharp', 'witty'];
const NOUNS = ['lamp', 'river', 'falcon', 'maple', 'comet', 'harbor', 'pepper', 'garden'];

/**
 * The Azure CLI commands the actions use, answered from the emulator's state with the real CLI's flags,
 * snake_case JSON, `ERROR: (Code) message` and exit codes. A login made with a federated token expires
 * with its access token and cannot renew itself, as the real one.
 */
export class AzEmulator {
  private readonly sessions = new Map<string, CliSession>();
  private readonly acr: AcrCommands;
  readonly invocations: string[][] = [];

  constructor(
    private readonly store: WorkspaceStore,
    private readonly identity: Identity,
    private readonly ml: AzureMlApi,
    /** A fault of Entra's token endpoint for this login's exchange, if one is injected (see fault-injection.ts). */
    private readonly entraFault: () => EmulatorResponse | undefined = () => undefined,
  ) {
    this.acr = new AcrCommands(store);
  }

  handle(call: AzInvocation): AzResult {
    this.invocations.push(call.argv);
    try {
      const command = parseCommand(call.argv);
      const ran = this.run(command, call);
      const output: CommandOutput = isCommandOutput(ran) ? ran : { result: ran, warnings: [] };
      const stderr = output.warnings.map((line) => `WARNING: ${line}\n`).join('');
      if (output.failure)
        return {
          ...failureResult(output.failure),
          stdout: output.stdout ?? '',
          stderr: stderr + failureResult(output.failure).stderr,
        };
      let stdout = output.stdout ?? '';
      if (output.result !== undefined && command.output !== 'none')
        stdout +=
          typeof output.result === 'string' ? output.result : `${JSON.stringify(output.result, null, 2)}\n`;
      return { exitCode: 0, stdout, stderr };
    } catch (error) {
      if (error instanceof CliUsageError)
        return { exitCode: 2, stdout: '', stderr: `ERROR: ${error.message}\n` };
      if (error instanceof CliFailure) return failureResult(error);
      return {
        exitCode: 1,
        stdout: '',
        stderr: `ERROR: The command failed with an unexpected error: ${(error as Error).message}\n`,
      };
    }
  }

  private session(call: AzInvocation): CliSession {
    const key = this.configDir(call);
    const session = this.sessions.get(key) ?? { cloud: 'AzureCloud' };
    this.sessions.set(key, session);
    return session;
  }

  private configDir(call: AzInvocation): string {
    return call.env.AZURE_CONFIG_DIR ?? join(call.env.HOME ?? '/root', '.azure');
  }

  private extensionDir(call: AzInvocation): string {
    return call.env.AZURE_EXTENSION_DIR ?? join(this.configDir(call), 'cliextensions');
  }

  private now(): number {
    return this.store.clock.now();
  }

  private value(command: ParsedCommand, flag: string): string | undefined {
    return command.values[flag]?.[0];
  }

  /** Commands that talk to Azure need a login whose access token is still valid. */
  private requireLogin(call: AzInvocation): void {
    const login = this.session(call).login;
    if (!login) throw new CliFailure(undefined, "Please run 'az login' to setup account.");
    if (login.expiresAt + this.identity.latencyAllowanceMs() <= this.now()) {
      throw new CliFailure(
        undefined,
        `AADSTS700024: Client assertion is not within its valid time range. Current time: ${new Date(this.now()).toISOString()}, expiry time of assertion ${new Date(login.expiresAt).toISOString()}.`,
      );
    }
  }

  private requireWorkspace(command: ParsedCommand): void {
    // Not modelled for ml: without --subscription the workspace's subscription is assumed (acr models the default).
    const { resourceGroup, workspace, subscriptionId } = this.store.config;
    const subscription = this.value(command, '--subscription');
    if (subscription && subscription !== subscriptionId)
      throw new CliFailure('SubscriptionNotFound', `The subscription '${subscription}' could not be found.`);
    if (this.value(command, '--resource-group')?.toLowerCase() !== resourceGroup.toLowerCase()) {
      throw new CliFailure(
        'ResourceGroupNotFound',
        `Resource group '${this.value(command, '--resource-group')}' could not be found.`,
      );
    }
    if (this.value(command, '--workspace-name')?.toLowerCase() !== workspace.toLowerCase()) {
      throw new CliFailure(
        'ResourceNotFound',
        `The Resource 'Microsoft.MachineLearningServices/workspaces/${this.value(command, '--workspace-name')}' was not found.`,
      );
    }
  }

  private requireMlExtension(call: AzInvocation): void {
    if (!this.installedExtension(call)) {
      throw new CliFailure(
        undefined,
        "'ml' is misspelled or not recognized by the system.\n\nExamples from AI knowledge base:\naz extension add --name ml",
        2,
      );
    }
  }

  private run(command: ParsedCommand, call: AzInvocation): unknown {
    const words = command.spec.words.join(' ');
    switch (words) {
      case 'login':
        return this.login(command, call);
      case 'logout':
        this.session(call).login = undefined;
        return undefined;
      case 'account show':
        if (!this.session(call).login)
          throw new CliFailure(undefined, "Please run 'az login' to setup account.");
        return this.account(call, this.value(command, '--subscription'));
      case 'account set':
        return this.setAccount(command, call);
      case 'account get-access-token':
        return this.accessToken(command, call);
      case 'cloud set':
        this.session(call).cloud = this.value(command, '--name')!;
        return undefined;
      case 'version':
        return {
          'azure-cli': '2.67.0',
          'azure-cli-core': '2.67.0',
          extensions: this.installedExtension(call) ? { ml: ML_EXTENSION_VERSION } : {},
        };
      case 'extension add':
        return this.addExtension(command, call);
      case 'extension show': {
        const extension = this.installedExtension(call);
        if (!extension || this.value(command, '--name') !== 'ml')
          throw new CliFailure(undefined, `The extension ${this.value(command, '--name')} is not installed.`);
        return extension;
      }
      case 'extension list': {
        const extension = this.installedExtension(call);
        return extension ? [extension] : [];
      }
      case 'extension remove':
        return undefined;
      default:
        return this.azureCommand(words, command, call);
    }
  }

  private azureCommand(words: string, command: ParsedCommand, call: AzInvocation): unknown {
    if (words.startsWith('ml ')) {
      this.requireMlExtension(call);
      this.requireWorkspace(command);
    }
    this.requireLogin(call);
    switch (words) {
      case 'ml job create':
        return this.createJob(command, call);
      case 'ml job show': {
        const found = this.ml.findJob(this.value(command, '--name')!);
        if (!found)
          throw new CliFailure('UserError', `Not found: job ${this.value(command, '--name')} was not found.`);
        return snakeJob(found.step ? this.ml.childJob(found.record, found.step) : this.ml.job(found.record));
      }
      case 'ml job list':
        return this.listJobs(command);
      case 'ml job cancel':
        return this.cancelJob(this.value(command, '--name')!);
      case 'ml job download':
        return this.downloadJob(command, call);
    }
    if (words.startsWith('acr '))
      return this.acr.run(words, command, call.cwd, this.session(call).login!.defaultSubscription);
    throw new CliUsageError(`'${words}' is misspelled or not recognized by the system.`);
  }

  private login(command: ParsedCommand, call: AzInvocation): unknown {
    const clientId = this.value(command, '--username');
    const tenantId = this.value(command, '--tenant');
    const token = this.value(command, '--federated-token');
    if (!command.values['--service-principal'] || !clientId || !tenantId || !token) {
      throw new CliFailure(
        undefined,
        'This emulator logs in service principals with --federated-token only: az login --service-principal -u CLIENT -t TENANT --federated-token JWT',
      );
    }
    if (tenantId !== this.store.config.tenantId)
      throw new CliFailure(undefined, `AADSTS90002: Tenant '${tenantId}' not found.`);
    const fault = this.entraFault();
    if (fault) throw new CliFailure(undefined, loginFailure(fault));
    const checked = this.identity.checkAssertion(token, clientId);
    if (!checked.ok) throw new CliFailure(undefined, checked.description);
    this.session(call).login = {
      clientId,
      tenantId,
      expiresAt: this.now() + this.identity.grantLifetimeMs(),
      defaultSubscription: OTHER_SUBSCRIPTION.id,
    };
    return this.subscriptions().map((subscription) => this.account(call, subscription.id));
  }

  /** The identity sees two subscriptions; the CLI's default after login is the first, not the workspace's. */
  private subscriptions() {
    return [OTHER_SUBSCRIPTION, { id: this.store.config.subscriptionId, name: 'next-item-emulated' }];
  }

  private account(call: AzInvocation, nameOrId?: string) {
    const login = this.session(call).login!;
    const wanted = nameOrId ?? login.defaultSubscription;
    const subscription = this.subscriptions().find(
      (candidate) => candidate.id === wanted || candidate.name.toLowerCase() === wanted.toLowerCase(),
    );
    if (!subscription)
      throw new CliFailure(
        undefined,
        `Subscription '${wanted}' not found. Check the spelling and casing and try again.`,
      );
    return {
      cloudName: this.session(call).cloud,
      id: subscription.id,
      isDefault: subscription.id === login.defaultSubscription,
      name: subscription.name,
      state: 'Enabled',
      tenantId: login.tenantId,
      user: { name: login.clientId, type: 'servicePrincipal' },
    };
  }

  private setAccount(command: ParsedCommand, call: AzInvocation): undefined {
    const login = this.session(call).login;
    if (!login) throw new CliFailure(undefined, "Please run 'az login' to setup account.");
    const wanted = this.value(command, '--subscription')!;
    const found = this.subscriptions().find(
      (candidate) => candidate.id === wanted || candidate.name.toLowerCase() === wanted.toLowerCase(),
    );
    if (!found)
      throw new CliFailure(
        undefined,
        `The subscription of '${wanted}' doesn't exist in cloud '${this.session(call).cloud}'.`,
      );
    login.defaultSubscription = found.id;
    return undefined;
  }

  private accessToken(command: ParsedCommand, call: AzInvocation): unknown {
    this.requireLogin(call);
    const login = this.session(call).login!;
    const scope =
      this.value(command, '--scope') ??
      `${this.value(command, '--resource') ?? this.identity.armUrl}/.default`;
    const { token } = this.identity.issueAccessToken(login.clientId, scope);
    // The CLI's token lives as long as its login; clients read expires_on in real seconds.
    const realExpiry = Date.now() + this.store.clock.toReal(login.expiresAt - this.now());
    return {
      accessToken: token,
      expiresOn: new Date(realExpiry)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, '.000000'),
      expires_on: Math.floor(realExpiry / 1000),
      subscription: this.value(command, '--subscription') ?? login.defaultSubscription,
      tenant: login.tenantId,
      tokenType: 'Bearer',
    };
  }

  private installedExtension(call: AzInvocation) {
    const folder = join(this.extensionDir(call), 'ml');
    const distInfo = existsSync(folder)
      ? readdirSync(folder).find((name) => name.endsWith('.dist-info'))
      : undefined;
    if (!distInfo) return undefined;
    const version = /^Version: (\S+)/m.exec(readFileSync(join(folder, distInfo, 'METADATA'), 'utf8'))![1]!;
    return {
      name: 'ml',
      version,
      extensionType: 'whl',
      path: join(this.extensionDir(call), 'ml'),
      preview: false,
      experimental: false,
    };
  }

  private addExtension(command: ParsedCommand, call: AzInvocation): unknown {
    if (this.value(command, '--name') !== 'ml')
      throw new CliFailure(undefined, `No matching extensions for '${this.value(command, '--name')}'.`);
    const version = this.value(command, '--version') ?? ML_EXTENSION_VERSION;
    // The layout pip leaves: the package and its wheel metadata.
    const folder = join(this.extensionDir(call), 'ml');
    mkdirSync(join(folder, 'azext_mlv2'), { recursive: true });
    mkdirSync(join(folder, `ml-${version}.dist-info`), { recursive: true });
    writeFileSync(
      join(folder, `ml-${version}.dist-info`, 'METADATA'),
      `Metadata-Version: 2.1\nName: ml\nVersion: ${version}\n`,
    );
    writeFileSync(join(folder, 'azext_mlv2', '__init__.py'), '# emulated ml extension\n');
    return undefined;
  }

  private createJob(command: ParsedCommand, call: AzInvocation): unknown {
    const { compiled, inputs, models } = this.compileJob(command, call);
    const name = this.value(command, '--name') ?? this.jobName();
    if (this.store.jobs.has(name))
      throw new CliFailure('UserError', `A job with name ${name} already exists.`);
    const faults = this.store.faults;
    const steps = this.jobSteps(name, compiled);
    const record: JobRecord = {
      name,
      displayName: compiled.displayName ?? name,
      experimentName: compiled.experimentName,
      description: compiled.description,
      computeId: compiled.computeId,
      tags: compiled.tags,
      properties: {},
      inputs,
      outputs: jobOutputs(name, compiled, steps),
      submittedAt: this.now(),
      steps,
      failStep: faults.failStep,
      files: trainingOutputs(faults, !!models['train.champion']),
      wrongShapes: faults.wrongShapes ?? false,
    };
    this.store.jobs.set(name, record);
    return snakeJob(this.ml.job(record));
  }

  /** The pipeline file with its --set overrides, its data inputs and model inputs resolved, or the CLI's UserError. */
  private compileJob(command: ParsedCommand, call: AzInvocation) {
    const file = resolve(call.cwd, this.value(command, '--file')!);
    try {
      const compiled = compilePipeline(file, command.values['--set'] ?? [], KNOWN_COMPUTES);
      return {
        compiled,
        inputs: resolveJobInputs(compiled.inputs, this.store.dataAssets, this.store.workspaceId),
        models: resolveModelInputs(compiled.steps, this.store.models),
      };
    } catch (error) {
      if (
        error instanceof PipelineError ||
        error instanceof DataInputError ||
        error instanceof ModelInputError
      )
        throw new CliFailure('UserError', error.message);
      throw error;
    }
  }

  private jobSteps(name: string, compiled: CompiledPipeline): JobRecord['steps'] {
    return compiled.steps.map((step) => ({
      ...(step.finalize ? { finalize: true } : {}),
      name: step.name,
      childName: `${name}_${step.name}_${randomBytes(3).toString('hex')}`,
      component: step.component,
      durationMs: this.store.config.stepDurationsMs[step.name] ?? this.store.config.defaultStepMs,
      outputs: step.outputs,
      // As the step's command line gets them: text (a model input's {type, path} as its JSON).
      inputs: Object.fromEntries(
        Object.entries(step.inputs).map(([key, value]) => [
          key,
          typeof value === 'string' ? value : JSON.stringify(value),
        ]),
      ),
    }));
  }

  private jobName(): string {
    const pick = <T>(list: T[]) => list[randomBytes(1)[0]! % list.length]!;
    return `${pick(ADJECTIVES)}_${pick(NOUNS)}_${randomBytes(4).toString('hex').slice(0, 7)}`;
  }

  private listJobs(command: ParsedCommand): unknown {
    const parent = this.value(command, '--parent-job-name');
    if (parent) {
      const record = this.store.jobs.get(parent);
      if (!record) throw new CliFailure('UserError', `Not found: job ${parent} was not found.`);
      return jobState(record, this.now()).steps.map((step) => snakeJob(this.ml.childJob(record, step)));
    }
    return [...this.store.jobs.values()].map((record) => snakeJob(this.ml.job(record)));
  }

  private cancelJob(name: string): unknown {
    const record = this.store.jobs.get(name);
    if (!record) throw new CliFailure('UserError', `Not found: job ${name} was not found.`);
    const status = jobState(record, this.now()).status;
    if (['Completed', 'Failed', 'Canceled'].includes(status))
      throw new CliFailure(
        'UserError',
        `Job ${name} is in a terminal state (${status}) and cannot be canceled.`,
      );
    record.cancelRequestedAt ??= this.now();
    return undefined;
  }

  private downloadJob(command: ParsedCommand, call: AzInvocation): unknown {
    const name = this.value(command, '--name')!;
    const record = this.store.jobs.get(name);
    if (!record) throw new CliFailure('UserError', `Not found: job ${name} was not found.`);
    if (jobState(record, this.now()).status !== 'Completed')
      throw new CliFailure('UserError', `Job ${name} has not completed: its outputs cannot be downloaded.`);
    const outputName = this.value(command, '--output-name') ?? 'default';
    const files = record.files[outputName];
    if (!files) throw new CliFailure('UserError', `Job ${name} has no output named ${outputName}.`);
    const target = resolve(
      call.cwd,
      this.value(command, '--download-path') ?? '.',
      'named-outputs',
      outputName,
    );
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(target, path)), { recursive: true });
      writeFileSync(join(target, path), content);
    }
    return undefined;
  }
}

/**
 * The files train.py writes (recorded: model-repository.ts): the Triton repository and the model card in the
 * `model` output, metrics.json and the card's JSON in `metrics`. Given a champion, the step scores it too.
 */
/** The job's outputs, each where the step that writes it puts it. */
function jobOutputs(
  name: string,
  compiled: CompiledPipeline,
  steps: JobRecord['steps'],
): JobRecord['outputs'] {
  const outputs: JobRecord['outputs'] = {};
  for (const output of compiled.outputs) {
    const source = compiled.outputSources[output];
    const child = steps.find((step) => step.name === source?.step);
    outputs[output] = {
      jobOutputType: 'uri_folder',
      mode: 'ReadWriteMount',
      uri: `azureml://datastores/workspaceblobstore/paths/azureml/${child?.childName ?? name}/${source?.output ?? output}/`,
    };
  }
  return outputs;
}

function trainingOutputs(faults: Partial<Faults>, champion: boolean): JobRecord['files'] {
  const card = champion ? CHAMPION_MODEL_CARD_JSON : MODEL_CARD_JSON;
  return {
    model: { ...modelOutput(faults.brokenRepository), 'model_card.json': card },
    metrics: {
      'metrics.json': champion ? CHAMPION_METRICS_JSON : TRAINING_METRICS_JSON,
      'model_card.json': card,
    },
  };
}

/** The CLI prints resources flattened and in snake_case: `properties.displayName` becomes `display_name`. */
export function snakeJob(resource: Record<string, unknown>): Record<string, unknown> {
  const { properties, ...rest } = resource as { properties?: Record<string, unknown> };
  const flat: Record<string, unknown> = { ...rest, ...(properties ?? {}) };
  const snake = (key: string) => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
  const {
    jobType,
    type: _armType,
    systemData,
    ...fields
  } = flat as { jobType?: string; type?: string; systemData?: Record<string, unknown> };
  return {
    ...Object.fromEntries(Object.entries(fields).map(([key, value]) => [snake(key), value])),
    ...(jobType ? { type: jobType.toLowerCase() } : {}),
    ...(systemData
      ? {
          creation_context: {
            created_at: systemData.createdAt,
            created_by: systemData.createdBy,
            created_by_type: systemData.createdByType,
          },
        }
      : {}),
  };
}

function isCommandOutput(value: unknown): value is CommandOutput {
  return typeof value === 'object' && value !== null && Array.isArray((value as CommandOutput).warnings);
}

/** `ERROR: (Code) message` with the Code/Message lines of azure-core errors, or `ERROR: message`. */
function failureResult(error: CliFailure): AzResult {
  const text = error.code
    ? `ERROR: (${error.code}) ${error.message}\nCode: ${error.code}\nMessage: ${error.message}\n`
    : `ERROR: ${error.message}\n`;
  return { exitCode: error.exitCode, stdout: '', stderr: text };
}

/**
 * What the CLI prints when Entra fails its token request: MSAL's error description for an answer, the
 * requests library's message for a dropped connection (the CLI's exact wording here is unverified).
 */
function loginFailure(fault: EmulatorResponse): string {
  if (fault.reset) return "('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer'))";
  const body = fault.body as { error_description?: string };
  return (body.error_description ?? `HTTP ${fault.status}`).split(/\r?\n/)[0]!;
}
