import type { AzureTarget } from '../../azure/target.js';
import type { Inputs } from '../../kit/inputs.js';
import { NAME_RULES } from '../../kit/names.js';
import { readAzureTarget } from '../shared/azure-inputs.js';
import { existingPath, workspaceRoot } from '../shared/files.js';
import { imageReferenceInput } from '../shared/image-ref.js';

export const DEFAULT_BASE_IMAGE = 'nvcr.io/nvidia/merlin/merlin-pytorch:23.08';

export interface BuildTritonInputs {
  target: AzureTarget;
  context: string;
  dockerfile: string;
  repository: string;
  tag?: string;
  baseImage: string;
  registry?: string;
  platform: 'linux/amd64' | 'linux/arm64';
  buildArgs: Array<[string, string]>;
  timeoutMs: number;
  /** false: queue the build and end without following it. */
  wait: boolean;
}

export function readBuildTritonInputs(inputs: Inputs, env: NodeJS.ProcessEnv): BuildTritonInputs {
  const target = readAzureTarget(inputs, env);
  const context = existingPath(inputs, 'context', 'inference/triton', 'folder', workspaceRoot(env));
  // Relative to the context as an input, and held inside it (all az acr build uploads); passed to az acr build as an
  // absolute path, since the CLI resolves --file from its cwd.
  const dockerfile = existingPath(inputs, 'dockerfile', 'Dockerfile', 'file', context, 'the build context');
  return {
    target,
    context,
    dockerfile,
    repository: inputs.name('repository', NAME_RULES.imageRepository) ?? 'next-item-triton',
    tag: inputs.name('tag', NAME_RULES.imageTag),
    baseImage: imageReferenceInput(inputs, 'base-image') ?? DEFAULT_BASE_IMAGE,
    registry: inputs.name('registry', NAME_RULES.acr),
    platform: inputs.choice('platform', ['linux/amd64', 'linux/arm64'] as const, 'linux/amd64'),
    buildArgs: inputs.keyValues('build-args', {
      key: /^[A-Za-z_][A-Za-z0-9_]{0,127}$/,
      value: /^[\w.:/@+=-]{0,1024}$/,
      expected:
        'at most 64 NAME=value build arguments of letters, digits and ._-:/@+=, values up to 1024 characters',
      // az acr build passes each as --build-arg; 64 is far beyond what a Dockerfile declares.
      maxItems: 64,
      maxItemLength: 128 + 1 + 1024 + 2,
    }),
    timeoutMs: inputs.duration('timeout', '2h', { minMs: 60_000, maxMs: 8 * 3_600_000 }),
    wait: inputs.boolean('wait', true),
  };
}
