import type { Contexts } from './expressions.js';
import type { EnvironmentSettings, JobRun } from './runner.js';
import type { ParsedJob, WorkflowFile } from './workflow-file.js';

export interface JobShared {
  base: (job: string, environment?: EnvironmentSettings) => Contexts;
  workflowEnv: Record<string, string>;
  permissions: Record<string, string> | null;
  workflowRef: string;
}

/** What running a caller's own job needs from the workflow runner. */
export interface CallerJobRunner {
  file: WorkflowFile;
  jobs: Record<string, JobRun>;
  shared: JobShared;
  runJob(job: ParsedJob, needs: JobRun[], shared: JobShared): Promise<JobRun>;
  fail(error: unknown, where: string): void;
}

/**
 * A job of a caller workflow that runs steps itself (resume.yml's), not the reusable workflow: run like a job
 * of the called workflow, in the caller's own contexts, after the jobs it needs (jobs run in file order).
 */
export async function runCallerStepsJob(runner: CallerJobRunner, job: ParsedJob): Promise<void> {
  const needs = (job.needs ?? []).map((need) => runner.jobs[need.value]);
  if (needs.some((need) => need === undefined)) {
    runner.fail(
      new Error('needs a job that runs later in the file'),
      `${runner.file.name}: job ${job.id.value}`,
    );
    return;
  }
  await runner.runJob(job, needs as JobRun[], runner.shared);
}
