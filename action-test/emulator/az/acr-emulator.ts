import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { WorkspaceStore } from '../workspace-store.js';
import type { ParsedCommand } from './cli-parser.js';

/** A failed command as the CLI reports it: `ERROR: [(Code) ]message`, exit 1 (3 for a missing ARM resource). */
export class CliFailure extends Error {
  constructor(
    readonly code: string | undefined,
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** What a command printed besides its result: the CLI's `logger.warning` lines go to stderr. */
export interface CommandOutput {
  stdout?: string;
  result?: unknown;
  warnings: string[];
  /** The command failed after printing (a streamed build whose run failed). */
  failure?: CliFailure;
}

/** The subscription the CLI picks by default after `az login`: another one the identity can see. */
export const OTHER_SUBSCRIPTION = { id: '0b5e5d1a-0000-4000-8000-00000000000a', name: 'next-item-sandbox' };

interface EmulatedRun {
  runId: string;
  images: string[];
  digest: string;
  platform: string;
  labels: Record<string, string>;
  queuedAt: number;
  doneAt: number;
  failLog?: string;
  log: string[];
  pushed: boolean;
}

const TERMINAL_FAILURE = 'Run failed';

/**
 * The labels a Dockerfile gives its image: each `LABEL key=value ...` (continuation lines joined), with
 * `${NAME}`/`$NAME` from the build arguments, else the ARG's default. Enough of Docker's rules for the
 * Dockerfiles this project builds (no quoting with spaces, no stages).
 */
export function dockerfileLabels(dockerfile: string, buildArgs: string[]): Record<string, string> {
  const args = new Map<string, string>();
  const given = new Map(buildArgs.map((pair) => [pair.split('=')[0]!, pair.slice(pair.indexOf('=') + 1)]));
  const labels: Record<string, string> = {};
  for (const line of dockerfile.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    const [instruction, ...rest] = line.trim().split(/\s+/);
    if (instruction?.toUpperCase() === 'ARG' && rest[0]) {
      const [name, fallback = ''] = rest[0].split('=');
      args.set(name!, given.get(name!) ?? fallback);
    }
    if (instruction?.toUpperCase() !== 'LABEL') continue;
    for (const pair of rest) {
      const [key, value = ''] = pair.split('=');
      labels[key!] = value.replace(/\$\{?(\w+)\}?/g, (_, name: string) => args.get(name) ?? '');
    }
  }
  return labels;
}
/** azure-cli acr/_stream_utils.py: the log stream gives up after this long without new bytes. */
const STREAM_GIVE_UP_SECONDS = 1800;

/**
 * `az acr` as the real CLI behaves (azure-cli command_modules/acr): ARM commands (build, task) find the
 * registry in the given or default subscription; data-plane commands (repository) reach the registry by its
 * login server and answer errors as `_docker_utils.parse_error_message` prints them.
 */
export class AcrCommands {
  private readonly runs = new Map<string, EmulatedRun>();

  constructor(private readonly store: WorkspaceStore) {}

  private now(): number {
    return this.store.clock.now();
  }

  run(words: string, command: ParsedCommand, cwd: string, defaultSubscription: string): CommandOutput {
    this.settle();
    switch (words) {
      case 'acr build':
        this.armRegistry(command, '--registry', defaultSubscription);
        return this.build(command, cwd);
      case 'acr task show-run':
        this.armRegistry(command, '--registry', defaultSubscription);
        return { result: this.runJson(this.findRun(command)), warnings: [] };
      case 'acr task logs':
        this.armRegistry(command, '--registry', defaultSubscription);
        return this.stream(this.findRun(command), false);
      case 'acr repository show':
        this.dataPlaneRegistry(command);
        return { result: this.tagAttributes(command), warnings: [] };
      case 'acr repository show-tags':
        this.dataPlaneRegistry(command);
        return { result: this.tags(command), warnings: [] };
      case 'acr repository list':
        this.dataPlaneRegistry(command);
        return {
          result: [...new Set([...this.store.images.values()].map((image) => image.repository))].sort(),
          warnings: [],
        };
    }
    throw new Error(`no emulation of az ${words}`);
  }

  /** Pushes the images of runs that have ended successfully, as the ACR agent does at the end of a run. */
  private settle(): void {
    for (const run of this.runs.values()) {
      if (run.pushed || run.failLog !== undefined || run.doneAt > this.now()) continue;
      run.pushed = true;
      for (const image of run.images) {
        const [repository, tag = 'latest'] = image.split(':');
        this.store.images.set(`${repository}:${tag}`, {
          repository: repository!,
          tag,
          digest: run.digest,
          createdAt: run.doneAt,
          labels: run.labels,
        });
      }
    }
  }

  /**
   * `validate_managed_registry`: the registry by name in the subscription (--subscription or the CLI's
   * default); with --resource-group, a GET in that group (ARM's 404, exit 3).
   */
  private armRegistry(command: ParsedCommand, flag: string, defaultSubscription: string): void {
    const { subscriptionId, resourceGroup, registry } = this.store.config;
    const subscription = command.values['--subscription']?.[0] ?? defaultSubscription;
    const name = command.values[flag]?.[0] ?? '';
    const group = command.values['--resource-group']?.[0];
    if (subscription !== subscriptionId && subscription !== OTHER_SUBSCRIPTION.id)
      throw new CliFailure(
        'SubscriptionNotFound',
        `The subscription '${subscription}' could not be found.`,
        3,
      );
    if (group !== undefined) {
      if (subscription !== subscriptionId || group.toLowerCase() !== resourceGroup.toLowerCase())
        throw new CliFailure('ResourceGroupNotFound', `Resource group '${group}' could not be found.`, 3);
      if (name.toLowerCase() !== registry)
        throw new CliFailure(
          'ResourceNotFound',
          `The Resource 'Microsoft.ContainerRegistry/registries/${name}' under resource group '${group}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
          3,
        );
      return;
    }
    if (subscription !== subscriptionId || name.toLowerCase() !== registry) {
      const display = subscription === OTHER_SUBSCRIPTION.id ? OTHER_SUBSCRIPTION.name : 'next-item-emulated';
      throw new CliFailure(
        undefined,
        `The resource with name '${name}' and type 'Microsoft.ContainerRegistry/registries' could not be found in subscription '${display} (${subscription})'.`,
      );
    }
  }

  /**
   * Data-plane commands fall back to `<name>.azurecr.io` when ARM does not know the registry (any
   * subscription works); a registry that does not exist is then unreachable.
   */
  private dataPlaneRegistry(command: ParsedCommand): void {
    const name = command.values['--name']?.[0] ?? '';
    if (name.toLowerCase() === this.store.config.registry) return;
    const loginServer = `${name.toLowerCase()}.azurecr.io`;
    throw new CliFailure(
      undefined,
      `Could not connect to the registry login server '${loginServer}'. Please verify that the registry exists and the URL 'https://${loginServer}/v2/' is reachable from your environment.`,
    );
  }

  /** `_docker_utils.parse_error_message`: the registry's errors[0].message, then the correlation id. */
  private registryError(message: string): CliFailure {
    return new CliFailure(undefined, `Error: ${message}. Correlation ID: ${randomUUID()}.`);
  }

  private build(command: ParsedCommand, cwd: string): CommandOutput {
    const source = command.positional!;
    const context = resolve(cwd, source);
    if (!existsSync(context)) throw new CliFailure(undefined, `'${source}' does not exist.`);
    if (!statSync(context).isDirectory())
      throw new CliFailure(undefined, 'Source location should be a local directory path or remote URL.');
    // build.py: without --file, Dockerfile in the source location; with it, "based on current working directory".
    const given = command.values['--file']?.[0];
    const dockerfile = given === undefined ? join(source, 'Dockerfile') : given;
    if (!existsSync(resolve(cwd, dockerfile)) || !statSync(resolve(cwd, dockerfile)).isFile())
      throw new CliFailure(undefined, `Unable to find '${dockerfile}'.`);
    const images = command.values['--image'] ?? [];
    const run = this.queue(context, resolve(cwd, dockerfile), images, command);
    const warnings = [
      'Packing source code into tar to upload...',
      `Uploading archived source code from '/tmp/build_archive_${run.runId}.tar.gz'...`,
      `Queued a build with ID: ${run.runId}`,
    ];
    if (images.length === 0)
      warnings.unshift("'--image or -t' is not provided. Skipping image push after build.");
    // schedule_run answers with the run just queued.
    if (command.values['--no-wait'])
      return { result: { ...this.runJson(run), status: 'Queued', startTime: null }, warnings };
    warnings.push('Waiting for an agent...');
    if (command.values['--no-logs']) {
      this.finishNow(run);
      if (run.failLog !== undefined) throw new CliFailure(undefined, TERMINAL_FAILURE);
      return { result: this.runJson(run), warnings };
    }
    const streamed = this.stream(run, true);
    return { ...streamed, warnings: [...warnings, ...streamed.warnings] };
  }

  private queue(context: string, dockerfile: string, images: string[], command: ParsedCommand): EmulatedRun {
    const runId = `ca${(this.runs.size + 1).toString(36)}`;
    const hash = createHash('sha256');
    for (const file of readdirSync(context, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name))
      .sort()) {
      hash.update(relative(context, file)).update(readFileSync(file));
    }
    hash.update(readFileSync(dockerfile));
    hash.update(JSON.stringify(command.values['--build-arg'] ?? []));
    const digest = `sha256:${hash.digest('hex')}`;
    const failure = this.store.faults.failAcrBuild;
    const loginServer = this.store.loginServer;
    const log = [
      '2026/11/26 10:00:00 Downloading source code...',
      '2026/11/26 10:00:01 Finished downloading source code',
      'Step 1/4 : ARG BASE_IMAGE',
      'Step 2/4 : FROM ${BASE_IMAGE}',
      ...(failure
        ? [
            ...failure.log.split('\n'),
            `Run ID: ${runId} failed after 2m14s. Error: failed during run, err: exit status 1`,
          ]
        : [
            'Successfully built',
            ...images.map((image) => `Successfully tagged ${loginServer}/${image}`),
            `- image:\n    registry: ${loginServer}\n    digest: ${digest}`,
            `Run ID: ${runId} was successful after 18m0s`,
          ]),
    ];
    const queuedAt = this.now();
    const run: EmulatedRun = {
      runId,
      images,
      digest,
      platform: command.values['--platform']?.[0] ?? 'linux/amd64',
      labels: dockerfileLabels(readFileSync(dockerfile, 'utf8'), command.values['--build-arg'] ?? []),
      queuedAt,
      doneAt: queuedAt + this.store.config.acrBuildMs,
      failLog: failure?.log,
      log,
      pushed: false,
    };
    this.runs.set(runId, run);
    this.store.acrRuns.set(runId, {
      runId,
      image: images[0] ?? '',
      startedAt: queuedAt,
      doneAt: run.doneAt,
      failLog: failure?.log,
      log: log.join('\n'),
    });
    return run;
  }

  /** The run ends while a client follows it (the emulated agent is as fast as the log reader). */
  private finishNow(run: EmulatedRun): void {
    if (run.doneAt <= this.now()) return;
    run.doneAt = this.now();
    this.store.acrRuns.get(run.runId)!.doneAt = run.doneAt;
    this.settle();
  }

  /**
   * `_stream_utils.stream_logs`: prints the run's log as it grows. With the `acrLogStreamStops` fault the
   * log stops growing while the run goes on: the CLI gives up with a warning and returns without a status.
   */
  private stream(run: EmulatedRun, raiseOnFailure: boolean): CommandOutput {
    if (this.store.faults.acrLogStreamStops && run.doneAt > this.now()) {
      return {
        stdout: `${run.log.slice(0, 4).join('\n')}\n`,
        warnings: [
          `Failed to find any new logs in ${STREAM_GIVE_UP_SECONDS} seconds. Client will stop polling for additional logs.`,
        ],
      };
    }
    this.finishNow(run);
    const stdout = `${run.log.join('\n')}\n`;
    if (run.failLog !== undefined && raiseOnFailure)
      return { stdout, warnings: [], failure: new CliFailure(undefined, TERMINAL_FAILURE) };
    return { stdout, warnings: [] };
  }

  private findRun(command: ParsedCommand): EmulatedRun {
    const id = command.values['--run-id']?.[0];
    const run = id ? this.runs.get(id) : [...this.runs.values()].at(-1);
    if (!run)
      throw new CliFailure(
        'RunNotFound',
        `The run '${id}' was not found in registry '${this.store.config.registry}'.`,
        3,
      );
    return run;
  }

  private status(run: EmulatedRun): string {
    if (run.doneAt > this.now()) return 'Running';
    return run.failLog === undefined ? 'Succeeded' : 'Failed';
  }

  /** The Run resource as az prints it (SDK model to camelCase keys, plus resourceGroup). */
  private runJson(run: EmulatedRun): Record<string, unknown> {
    const status = this.status(run);
    const [os, architecture, variant = null] = run.platform.split('/');
    const iso = (ms: number) => new Date(ms).toISOString();
    return {
      agentConfiguration: { cpu: 2 },
      agentPoolName: null,
      createTime: iso(run.queuedAt),
      customRegistries: null,
      finishTime: status === 'Succeeded' || status === 'Failed' ? iso(run.doneAt) : null,
      id: `${this.store.registryId}/runs/${run.runId}`,
      imageUpdateTrigger: null,
      isArchiveEnabled: false,
      lastUpdatedTime: iso(Math.min(this.now(), run.doneAt)),
      logArtifact: null,
      name: run.runId,
      outputImages:
        status === 'Succeeded'
          ? run.images.map((image) => ({
              digest: run.digest,
              registry: this.store.loginServer,
              repository: image.split(':')[0],
              tag: image.split(':')[1] ?? 'latest',
            }))
          : null,
      platform: { architecture, os, variant },
      provisioningState: 'Succeeded',
      resourceGroup: this.store.config.resourceGroup,
      runErrorMessage: status === 'Failed' ? 'failed during run, err: exit status 1' : null,
      runId: run.runId,
      runType: 'QuickRun',
      sourceRegistryAuth: null,
      sourceTrigger: null,
      startTime: iso(run.queuedAt),
      status,
      task: null,
      timerTrigger: null,
      type: 'Microsoft.ContainerRegistry/registries/runs',
      updateTriggerToken: null,
    };
  }

  private tagRecord(image: { tag: string; digest: string; createdAt: number }) {
    const time = new Date(image.createdAt).toISOString();
    return {
      changeableAttributes: { deleteEnabled: true, listEnabled: true, readEnabled: true, writeEnabled: true },
      createdTime: time,
      digest: image.digest,
      lastUpdateTime: time,
      name: image.tag,
      signed: false,
    };
  }

  private repositoryImages(repository: string) {
    const images = [...this.store.images.values()].filter((image) => image.repository === repository);
    if (images.length === 0) throw this.registryError('repository name not known to registry');
    return images;
  }

  /** `repository show --image repo:tag`: GET /acr/v1/{repo}/_tags/{tag}, its `tag` object. */
  private tagAttributes(command: ParsedCommand) {
    const image = command.values['--image']?.[0];
    const repository = command.values['--repository']?.[0];
    if (!image === !repository)
      throw new CliFailure(undefined, 'Usage error: --image IMAGE | --repository REPOSITORY');
    if (!image) {
      const images = this.repositoryImages(repository!);
      return { imageName: repository, registry: this.store.loginServer, tagCount: images.length };
    }
    const [name, tag = 'latest'] = image.split(':');
    const found = this.repositoryImages(name!).find((candidate) => candidate.tag === tag);
    if (!found) throw this.registryError('the specified tag does not exist');
    return this.tagRecord(found);
  }

  /** `repository show-tags`: the tag names, or with --detail the tag objects (GET /acr/v1/{repo}/_tags). */
  private tags(command: ParsedCommand) {
    const images = this.repositoryImages(command.values['--repository']![0]!).sort((a, b) =>
      command.values['--orderby']?.[0] === 'time_desc'
        ? b.createdAt - a.createdAt
        : command.values['--orderby']?.[0] === 'time_asc'
          ? a.createdAt - b.createdAt
          : a.tag.localeCompare(b.tag),
    );
    const top = Number(command.values['--top']?.[0] ?? images.length);
    const shown = images.slice(0, top);
    return command.values['--detail']
      ? shown.map((image) => this.tagRecord(image))
      : shown.map((image) => image.tag);
  }
}
