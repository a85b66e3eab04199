import type { Job } from '../../azure/ml/jobs.js';
import { LINEAGE_TAGS } from '../../kit/lineage.js';

/**
 * The tags a detached training job carries so that its rollout can resume when it ends, with no runner
 * waiting: which workflow of which repository to dispatch, at which ref, with which inputs, and the marker
 * that says whether the rollout is still to do. The lineage tags (repository, ref, run url) are read too.
 */
export const ROLLOUT_TAGS = {
  /** `pending`, then `claimed <claimant>` once a run has taken the rollout on. */
  state: 'next_item_rollout',
  /** The workflow file of the caller's repository to dispatch, e.g. deploy.yml. */
  workflow: 'next_item_resume_workflow',
  /** The caller's inputs that matter to the rollout, as a URL query string (name=value&...). */
  inputs: 'next_item_resume_inputs',
} as const;

export const PENDING = 'pending';
const CLAIMED = 'claimed ';
/** Azure keeps tag values up to 256 characters. */
export const TAG_VALUE_MAX = 256;

/** The pipeline step that dispatches the workflow from Azure when training has finished. */
export const RESUME_STEP = 'resume_rollout';

export function claimedBy(claimant: string): string {
  return `${CLAIMED}${claimant}`;
}

/** Who claimed the rollout, or undefined when it is unclaimed (pending) or never was detached. */
export function claimant(tags: Record<string, string>): string | undefined {
  const state = tags[ROLLOUT_TAGS.state];
  return state?.startsWith(CLAIMED) ? state.slice(CLAIMED.length) : undefined;
}

export function encodeResumeInputs(pairs: Array<[string, string]>): string {
  return new URLSearchParams(pairs).toString();
}

export function decodeResumeInputs(text: string | undefined): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(text ?? ''));
}

/** What a detached job says about how it resumes, read from its tags. */
export interface ResumeTarget {
  repository: string;
  ref: string;
  workflow: string;
  inputs: Record<string, string>;
  submittedRunUrl: string;
}

export function resumeTarget(job: Pick<Job, 'tags'>): ResumeTarget | undefined {
  const { tags } = job;
  const workflow = tags[ROLLOUT_TAGS.workflow];
  const repository = tags[LINEAGE_TAGS.repository];
  if (!workflow || !repository) return undefined;
  return {
    repository,
    ref: tags[LINEAGE_TAGS.ref] ?? '',
    workflow,
    inputs: decodeResumeInputs(tags[ROLLOUT_TAGS.inputs]),
    submittedRunUrl: tags[LINEAGE_TAGS.runUrl] ?? '',
  };
}
