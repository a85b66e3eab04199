import { relative, sep } from 'node:path';
import type { GithubRun } from '../../kit/github-run.js';
import { ociLabelBuildArgs } from '../../kit/lineage.js';

/** What the content-hash tag covers: the context's files plus these values. */
export interface TagHashInputs {
  folders: string[];
  extra: Record<string, string>;
}

/**
 * The inputs of the `ctx-` tag. The Dockerfile (an input kept inside the context) enters by its path
 * relative to the context, never absolute, so the same checkout gives the same tag on any runner.
 */
export function tagHashInputs(options: {
  context: string;
  dockerfile: string;
  platform: string;
  buildArgs: Array<[string, string]>;
}): TagHashInputs {
  return {
    folders: [options.context],
    extra: {
      dockerfile: relative(options.context, options.dockerfile).split(sep).join('/'),
      platform: options.platform,
      buildArgs: options.buildArgs.map(([key, value]) => `${key}=${value}`).join('\n'),
    },
  };
}

/**
 * The build arguments ACR gets: those the tag covers, then the run's lineage for the OCI labels. Lineage
 * stays out of the tag, so the same content keeps its image across commits and its labels name the commit
 * that first built it.
 */
export function acrBuildArgs(hashed: Array<[string, string]>, run: GithubRun): Array<[string, string]> {
  return [...hashed, ...ociLabelBuildArgs(run)];
}

export function contentTag(hash: string): string {
  return `ctx-${hash.slice(0, 16)}`;
}

export type BuildDecision = { build: false; digest: string } | { build: true };

/** Build only when the registry has no such tag: a content-hash tag that exists holds this very build. */
export function decideBuild(existingDigest: string | undefined): BuildDecision {
  return existingDigest === undefined ? { build: true } : { build: false, digest: existingDigest };
}

export interface BuildResult {
  image: string;
  digest: string | undefined;
  /** queued: wait was false, and the build goes on in ACR under `runId`. */
  built: boolean | 'queued';
  runId?: string;
  registry: { name: string; loginServer: string };
  baseImage: string;
}

export function buildOutputs(result: BuildResult): Record<string, string> {
  return {
    image: result.image,
    'image-digest': result.digest ?? '',
    'acr-name': result.registry.name,
    'login-server': result.registry.loginServer,
    built: String(result.built),
    'run-id': result.runId ?? '',
  };
}

export function buildSummary(result: BuildResult): string {
  if (result.built === 'queued')
    return [
      `## Triton image build queued: ACR run ${result.runId ?? ''}`,
      '',
      `\`${result.image}\` is building in ${result.registry.name}; this step did not wait for it (wait: false). The rollout's image job finds it built.`,
      '',
    ].join('\n');
  return [
    `## Triton image ${result.built ? 'built' : 'already built'}`,
    '',
    '| | |',
    '| --- | --- |',
    `| image | \`${result.image}\` |`,
    `| digest | \`${result.digest ?? ''}\` |`,
    `| base image | \`${result.baseImage}\` |`,
    `| registry | ${result.registry.name} |`,
    '',
  ].join('\n');
}
