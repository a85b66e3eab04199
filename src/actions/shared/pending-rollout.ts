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
  /**
   * The caller's inputs that matter to the rollout, encoded by `encodeResumeInputs`; a value too long for one
   * tag goes on in `next_item_resume_inputs_2`, `_3`... (`resumeInputTags`).
   */
  inputs: 'next_item_resume_inputs',
} as const;

export const PENDING = 'pending';
const CLAIMED = 'claimed ';
/** Azure keeps tag values up to 256 characters (ARM's limit; unverified for job tags: U55). */
export const TAG_VALUE_MAX = 256;
/** At most this many tags carry the inputs: 1,024 encoded characters, about 700 of JSON. */
export const RESUME_INPUT_TAGS_MAX = 4;

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

/**
 * The resumed workflow's inputs as base64url of a JSON object. Values keep `,`, `>=`, spaces and new lines as
 * given, and the text is safe everywhere it travels: a tag value, an `az ml job create --set` value (which the
 * CLI would parse as JSON were it JSON), and the resume step's command line (which a shell reads).
 */
export function encodeResumeInputs(inputs: Array<[string, string]> | Record<string, string>): string {
  const object = Array.isArray(inputs) ? Object.fromEntries(inputs) : inputs;
  return Buffer.from(JSON.stringify(object), 'utf8').toString('base64url');
}

/** The inputs back from `encodeResumeInputs`, or from the URL query string jobs were tagged with before. */
export function decodeResumeInputs(text: string | undefined): Record<string, string> {
  if (!text) return {};
  if (/^[\w-]+$/.test(text) && !text.includes('=')) {
    try {
      const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
      if (value && typeof value === 'object' && !Array.isArray(value))
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
    } catch {
      // Not ours: read it as a query string below.
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

/** The encoded inputs cut into tags of at most TAG_VALUE_MAX characters: `_inputs`, `_inputs_2`, ... */
export function resumeInputTags(encoded: string): Array<[string, string]> {
  const tags: Array<[string, string]> = [];
  for (let at = 0, index = 1; at < encoded.length || index === 1; at += TAG_VALUE_MAX, index++)
    tags.push([inputTagName(index), encoded.slice(at, at + TAG_VALUE_MAX)]);
  return tags;
}

const inputTagName = (index: number) =>
  index === 1 ? ROLLOUT_TAGS.inputs : `${ROLLOUT_TAGS.inputs}_${index}`;

/** The encoded inputs read back from a job's tags, its pieces joined in order. */
export function resumeInputsFromTags(tags: Record<string, string>): string {
  let text = '';
  for (let index = 1; index <= RESUME_INPUT_TAGS_MAX && tags[inputTagName(index)] !== undefined; index++)
    text += tags[inputTagName(index)];
  return text;
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
    inputs: decodeResumeInputs(resumeInputsFromTags(tags)),
    submittedRunUrl: tags[LINEAGE_TAGS.runUrl] ?? '',
  };
}
