import { logTail } from '../../azure/acr.js';

/**
 * A failed ACR build, cause first: the Dockerfile step that failed and the line that says why, found in the
 * build log rather than taken from its first `ERROR:` (the CLI's own chatter comes first). Pure.
 */
export interface BuildFailureCause {
  /** `Step 3/4 : RUN pip install …`, the last step the log started. */
  step?: string;
  /** The most telling error line after that step. */
  error?: string;
}

const STEP = /^Step \d+\/\d+ : /;
/** Lines that say a build failed without saying why: the run's epilogue and the CLI's wrapper. */
const GENERIC = [/^Run ID: .* failed after/, /failed during run, err: exit status/, /^Packing source code/];
const ERROR = [/^ERROR: /, /\berror:/i, /returned a non-zero code/, /No matching distribution/];

export function buildFailureCause(log: string): BuildFailureCause {
  const lines = log
    .split(/\r?\n/)
    .map((line) => line.replace(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2} /, '').trim());
  const stepIndex = lines.findLastIndex((line) => STEP.test(line));
  const after = lines.slice(stepIndex + 1).filter((line) => !GENERIC.some((pattern) => pattern.test(line)));
  const error = after.find((line) => ERROR.some((pattern) => pattern.test(line))) ?? after.findLast(Boolean);
  return { step: stepIndex >= 0 ? lines[stepIndex] : undefined, error };
}

/** The summary's first line: what failed and why, then where. */
export function buildFailureHeadline(image: string, registry: string, cause: BuildFailureCause): string {
  const where = cause.step ? ` at ${cause.step}` : '';
  return `## ❌ Image build of ${image} in ${registry} failed${where}${cause.error ? `: ${cause.error}` : ''}`;
}

/** The error's message: the same cause first, then how the run ended and the log's tail. */
export function buildFailureMessage(image: string, registry: string, failure: string, log: string): string {
  const cause = buildFailureCause(log);
  const where = cause.step ? ` at ${cause.step}` : '';
  return [
    `ACR build of ${image} in ${registry} failed${where}${cause.error ? `: ${cause.error}` : ''} (${failure})`,
    'Last lines of the build log:',
    logTail(log),
  ].join('\n');
}

export function buildFailureSummary(image: string, registry: string, log: string): string {
  const tail = logTail(log);
  return [
    buildFailureHeadline(image, registry, buildFailureCause(log)),
    '',
    '<details><summary>Last lines of the build log</summary>',
    '',
    '```text',
    tail.replace(/```/g, "'''"),
    '```',
    '',
    '</details>',
    '',
  ].join('\n');
}
