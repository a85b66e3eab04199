import { relative } from 'node:path';
import { acrBuild, getRegistry, registryPath, tagDigest } from '../../azure/acr.js';
import { getWorkspace } from '../../azure/ml/workspace.js';
import { abortOnTermination } from '../../kit/cancellation.js';
import { hashContent } from '../../kit/content-hash.js';
import { ActionError } from '../../kit/errors.js';
import { workflowLog } from '../../kit/log.js';
import { setOutputs, writeSummary } from '../shared/outputs.js';
import { openRunnerSession } from '../shared/runtime.js';
import type { BuildTritonInputs } from './inputs.js';

export async function buildTriton(inputs: BuildTritonInputs): Promise<void> {
  const log = workflowLog;
  const termination = abortOnTermination();
  const { signal } = termination;
  const buildArgs: Array<[string, string]> = [['BASE_IMAGE', inputs.baseImage], ...inputs.buildArgs];
  const dockerfile = relative(inputs.context, inputs.dockerfile);
  const tag =
    inputs.tag ??
    `ctx-${(await hashContent([inputs.context], { dockerfile, platform: inputs.platform, buildArgs: buildArgs.map(([k, v]) => `${k}=${v}`).join('\n') })).slice(0, 16)}`;
  const session = openRunnerSession(inputs.target);

  let registryId: string;
  if (inputs.registry) {
    registryId = registryPath(inputs.target, inputs.registry);
  } else {
    const workspace = await getWorkspace(session.arm, inputs.target, signal);
    if (!workspace.containerRegistry) {
      throw new ActionError(
        `Workspace ${inputs.target.workspace} has no container registry yet.`,
        'Give the registry input, or attach a registry to the workspace.',
      );
    }
    registryId = workspace.containerRegistry;
  }
  const registry = await getRegistry(session.arm, registryId, signal);
  const repositoryTag = `${inputs.repository}:${tag}`;
  const image = `${registry.loginServer}/${repositoryTag}`;
  log.info(
    `Image ${image} (${inputs.tag ? 'tag given' : `tag from the content of ${relative(process.env.GITHUB_WORKSPACE || process.cwd(), inputs.context) || '.'}, the base image and the build arguments`}).`,
  );

  let digest = await tagDigest(session.az, registry.name, repositoryTag, signal);
  const built = digest === undefined;
  if (built) {
    digest = await log.group(`ACR build of ${repositoryTag} in ${registry.name}`, () =>
      acrBuild(
        session.az,
        {
          registry: registry.name,
          image: repositoryTag,
          context: inputs.context,
          dockerfile,
          platform: inputs.platform,
          buildArgs,
          timeoutSeconds: Math.round(inputs.timeoutMs / 1000),
        },
        (text) => process.stdout.write(text),
        AbortSignal.any([signal, AbortSignal.timeout(inputs.timeoutMs + 60_000)]),
      ),
    );
    digest ??= await tagDigest(session.az, registry.name, repositoryTag, signal);
  } else {
    log.info(`${repositoryTag} is already in ${registry.name} (${digest}): nothing to build.`);
  }
  setOutputs({
    image,
    'image-digest': digest ?? '',
    'acr-name': registry.name,
    'login-server': registry.loginServer,
    built: String(built),
  });
  await writeSummary(
    `## Triton image ${built ? 'built' : 'already built'}\n\n| | |\n| --- | --- |\n| image | \`${image}\` |\n| digest | \`${digest ?? ''}\` |\n| base image | \`${inputs.baseImage}\` |\n| registry | ${registry.name} |\n`,
  );
  termination.dispose();
}
