import type { GithubRun } from './github-run.js';

/**
 * The tags that lead from an Azure resource back to the commit and the run that made it: one set of names
 * for the job, the model version, the endpoint and the deployment, so Studio shows the same keys on each.
 */
export const LINEAGE_TAGS = {
  sha: 'github_sha',
  repository: 'github_repository',
  ref: 'github_ref',
  runUrl: 'github_run_url',
  workflow: 'github_workflow',
} as const;

/** The run's lineage as Azure tags; values the runner does not give are left out. */
export function lineageTags(run: GithubRun): Record<string, string> {
  return Object.fromEntries(
    (Object.keys(LINEAGE_TAGS) as Array<keyof typeof LINEAGE_TAGS>)
      .map((key) => [LINEAGE_TAGS[key], run[key]] as const)
      .filter(([, value]) => value),
  );
}

/**
 * The image's lineage as OCI annotations (opencontainers image-spec annotations.md), passed to the build as
 * these arguments, which the Dockerfile turns into LABELs.
 */
export const OCI_LABEL_ARGS = {
  revision: 'OCI_REVISION',
  source: 'OCI_SOURCE',
} as const;

export function ociLabelBuildArgs(run: GithubRun): Array<[string, string]> {
  const pairs: Array<[string, string]> = [
    [OCI_LABEL_ARGS.revision, run.sha],
    [OCI_LABEL_ARGS.source, run.sourceUrl],
  ];
  return pairs.filter(([, value]) => value);
}
