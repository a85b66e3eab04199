/** The jobs of next-item.yml in the order they run, and a job's result as `needs.<job>.result` gives it. */
export const JOBS = ['plan', 'train', 'image', 'register', 'deploy', 'smoke', 'promote', 'rollback'] as const;
export type JobId = (typeof JOBS)[number];
export type JobResult = 'success' | 'failure' | 'cancelled' | 'skipped' | '';

export interface RunOutcome {
  results: Partial<Record<JobId, JobResult>>;
  rollout: 'promote' | 'hold';
  /** deploy kept a deployment that already served this model (nothing deployed). */
  reused: boolean;
  modelId: string;
  endpoint: string;
  deployment: string;
  previousDeployment: string;
  /** Why the smoke test failed, as smoke-score says it in one line (empty when it passed or did not run). */
  smokeFailure?: string;
  /** Why the plan job stopped, as its bash check says it in one line (empty when it passed). */
  planError?: string;
  /** Detached training: the job this run submitted (or found) and left to train; its rollout resumes later. */
  detachedJob?: string;
  /** A resumed rollout: how the detached training job ended in Azure (the claim's status output). */
  trainingStatus?: string;
}

export type VerdictKind = 'promoted' | 'held' | 'rolled-back' | 'unchanged' | 'failed' | 'submitted';
export interface Verdict {
  kind: VerdictKind;
  /** One line a person reads first: what happened, and why when it is not a promotion. */
  line: string;
}

/** What a failed or cancelled job means for the endpoint, said from the reader's side. */
const FAILED: Record<Exclude<JobId, 'rollback'>, string> = {
  plan: 'the plan stopped on an input (see the Plan job)',
  train: 'training failed (see the Train job)',
  image: 'the Triton image build failed (see the image job)',
  register: 'the model was not registered (below the quality bar, or a broken Triton repository)',
  deploy: 'the new deployment failed to start; live traffic was not touched',
  smoke: 'the smoke test failed',
  promote: 'the promotion failed',
};

function firstProblem(results: RunOutcome['results'], planError = ''): string | undefined {
  for (const job of JOBS) {
    if (job === 'rollback') continue;
    const result = results[job];
    if (result === 'failure' && job === 'plan' && planError)
      return `the plan stopped: ${planError.replace(/\.$/, '')}`;
    if (result === 'failure') return FAILED[job];
    if (result === 'cancelled') return `the ${job} job was cancelled`;
  }
  return undefined;
}

/** Why a rollback ran: the smoke test, or a promotion that failed or was not approved. */
function rollbackCause({ results, smokeFailure }: RunOutcome): string {
  if (results.smoke && results.smoke !== 'success')
    return smokeFailure ? `${FAILED.smoke} (${smokeFailure.replace(/\.$/, '')})` : FAILED.smoke;
  if (results.promote === 'failure') return FAILED.promote;
  if (results.promote === 'cancelled') return 'the promotion was cancelled';
  return firstProblem(results) ?? 'a later job did not succeed';
}

/** The run's verdict from its jobs' results: promoted, held at 0%, rolled back and why, or nothing changed. */
export function runVerdict(run: RunOutcome): Verdict {
  const { results } = run;
  const model = run.modelId || 'the model';
  const on = run.endpoint ? ` on ${run.endpoint}` : '';
  const live = run.previousDeployment || 'no deployment';
  // After a failed deploy, rollback only removes what deploy left: traffic never moved, so nothing was rolled back.
  if (results.deploy === 'failure' || results.deploy === 'cancelled') {
    const leftover =
      results.rollback === 'failure' || results.rollback === 'cancelled'
        ? `; removing ${run.deployment || 'the new deployment'} did not finish: check the endpoint's deployments`
        : '';
    return {
      kind: 'failed',
      line: `❌ Nothing changed: ${firstProblem(results) ?? FAILED.deploy}${leftover}.`,
    };
  }
  if (results.rollback === 'success')
    return {
      kind: 'rolled-back',
      line: `↩️ Rolled back ${run.deployment}${on}: ${rollbackCause(run)}. Traffic is back on ${live}.`,
    };
  if (results.rollback === 'failure' || results.rollback === 'cancelled')
    return {
      kind: 'failed',
      line: `❌ The rollback of ${run.deployment}${on} did not finish after ${rollbackCause(run)}: check the endpoint's traffic now.`,
    };
  if (results.deploy === 'success' && run.reused)
    return {
      kind: 'unchanged',
      line: `➖ Nothing changed: ${run.deployment} already serves ${model}${on}.`,
    };
  if (results.promote === 'success')
    return {
      kind: 'promoted',
      line: `✅ Promoted ${model} (${run.deployment}) to 100% of the traffic${on}.`,
    };
  if (run.trainingStatus && run.trainingStatus !== 'Completed')
    return {
      kind: 'failed',
      line: `❌ Nothing changed: training ended ${run.trainingStatus} in Azure; nothing was registered or deployed.`,
    };
  const problem = firstProblem(results, run.planError);
  if (problem) return { kind: 'failed', line: `❌ Nothing changed: ${problem}.` };
  if (run.detachedJob && results.train === 'success' && results.register === 'skipped')
    return {
      kind: 'submitted',
      line: `⏸️ Training submitted: job ${run.detachedJob} trains in Azure without a runner; its rollout${on} resumes when it ends (dispatched from the pipeline, or by resume.yml).`,
    };
  if (results.smoke === 'success' && run.rollout === 'hold')
    return {
      kind: 'held',
      line: `⏸️ Held at 0%: ${run.deployment} serves ${model}${on} beside ${live}; promote it when ready.`,
    };
  if (results.smoke === 'success' && results.promote === 'skipped')
    return {
      kind: 'held',
      line: `⏸️ Held at 0%: ${run.deployment} serves ${model}${on}; the promotion did not run (not approved?).`,
    };
  return { kind: 'unchanged', line: '➖ Nothing changed.' };
}
