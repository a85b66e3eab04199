import type { AzureTarget } from '../../azure/target.js';
import type { Inputs } from '../../kit/inputs.js';
import { NAME_RULES } from '../../kit/names.js';
import { readAzureTarget } from '../shared/azure-inputs.js';
import { existingPath, workspaceRoot } from '../shared/files.js';
import { IMAGE_REFERENCE } from '../shared/image-ref.js';

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
}

export function readBuildTritonInputs(inputs: Inputs, env: NodeJS.ProcessEnv): BuildTritonInputs {
  const target = readAzureTarget(inputs, env);
  const context = existingPath(inputs, 'context', 'inference/triton', 'folder', workspaceRoot(env));
  // Relative to the context as an input; passed to az acr build as an absolute path (it resolves --file from its cwd).
  const dockerfile = existingPath(inputs, 'dockerfile', 'Dockerfile', 'file', context);
  return {
    target,
    context,
    dockerfile,
    repository: inputs.name('repository', NAME_RULES.imageRepository) ?? 'next-item-triton',
    tag: inputs.name('tag', NAME_RULES.imageTag),
    baseImage: inputs.name('base-image', IMAGE_REFERENCE) ?? DEFAULT_BASE_IMAGE,
    registry: inputs.name('registry', NAME_RULES.acr),
    platform: inputs.choice('platform', ['linux/amd64', 'linux/arm64'] as const, 'linux/amd64'),
    buildArgs: inputs.keyValues('build-args', {
      key: /^[A-Za-z_][A-Za-z0-9_]{0,127}$/,
      value: /^[\w.:/@+=-]*$/,
      expected: 'NAME=value build arguments of letters, digits and ._-:/@+=',
    }),
    timeoutMs: inputs.duration('timeout', '2h', { minMs: 60_000, maxMs: 8 * 3_600_000 }),
  };
}
