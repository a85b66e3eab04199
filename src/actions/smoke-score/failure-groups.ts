/** Repeated identical smoke failures as one line with a count, the requests they hit named. Pure. */
export interface FailureGroup {
  /** The failure with its request number taken out. */
  problem: string;
  /** The first failure as it was written, request number and all. */
  example: string;
  requests: number[];
}

const REQUEST_PREFIX = /^request (\d+): /;
const REQUEST_IN_TEXT = / \(request (\d+)\)/;

/** Groups failures that say the same thing about different requests, most frequent first. */
export function groupFailures(failures: string[]): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  for (const failure of failures) {
    const match = REQUEST_PREFIX.exec(failure) ?? REQUEST_IN_TEXT.exec(failure);
    const problem = match ? failure.replace(match[0], '') : failure;
    const group = groups.get(problem) ?? { problem, example: failure, requests: [] };
    if (match) group.requests.push(Number(match[1]));
    groups.set(problem, group);
  }
  return [...groups.values()].sort((a, b) => b.requests.length - a.requests.length);
}

function requestList(requests: number[]): string {
  const sorted = [...requests].sort((a, b) => a - b);
  return sorted.length > 6 ? `${sorted.slice(0, 5).join(', ')}, … ${sorted.at(-1)}` : sorted.join(', ');
}

/** One line per group: `20 of 20 requests (1, 2, … 20): item_ids …`, or the failure itself when it happened once. */
export function failureLine(group: FailureGroup, total: number): string {
  if (group.requests.length <= 1) return group.example;
  return `${group.requests.length} of ${total} requests (${requestList(group.requests)}): ${group.problem}`;
}
