import type { RunningEmulator } from '../emulator/server.js';

/**
 * What the Azure state must be after any run, failed or not: one job per content hash, one model version per
 * job, at most one deployment beside the live one, traffic summing to 100 on deployments that can serve.
 * Returns the violations, empty when the state is sound.
 */
export function azureStateViolations(r: RunningEmulator, endpoint = 'next-item'): string[] {
  const problems: string[] = [];
  const byHash = new Map<string, string[]>();
  for (const job of r.store.jobs.values()) {
    const hash = job.tags.next_item_content_hash;
    if (hash) byHash.set(hash, [...(byHash.get(hash) ?? []), job.name]);
  }
  for (const [hash, jobs] of byHash)
    if (jobs.length > 1)
      problems.push(`content hash ${hash.slice(0, 12)} has ${jobs.length} jobs: ${jobs.join(', ')}`);
  const byJob = new Map<string, string[]>();
  for (const versions of r.store.models.values())
    for (const model of versions.values())
      if (model.jobName)
        byJob.set(model.jobName, [...(byJob.get(model.jobName) ?? []), `${model.name}:${model.version}`]);
  for (const [job, models] of byJob)
    if (models.length > 1)
      problems.push(`job ${job} has ${models.length} model versions: ${models.join(', ')}`);
  const record = r.store.endpoints.get(endpoint);
  if (!record) return problems;
  const standing = r.store.deploymentsOf(endpoint).filter((d) => d.deletingAt === undefined);
  const live = Object.entries(record.traffic).filter(([, share]) => share > 0);
  if (standing.length > live.length + 1)
    problems.push(
      `${standing.length} deployments stand beside ${live.length} live: ${standing.map((d) => d.name).join(', ')}`,
    );
  const total = live.reduce((sum, [, share]) => sum + share, 0);
  if (live.length && total !== 100) problems.push(`traffic sums to ${total}`);
  for (const [name] of live)
    if (!standing.some((d) => d.name === name))
      problems.push(`traffic goes to ${name}, which is gone or going`);
  return problems;
}
