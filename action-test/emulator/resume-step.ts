import { jobState, type JobRecord } from './jobs.js';
import type { WorkspaceStore } from './workspace-store.js';

/**
 * What the pipeline's resume_rollout step (pipeline/components/resume-rollout) does on Azure, played by the
 * emulator when the step runs: read the GitHub token from the emulated Key Vault (the compute's identity is
 * assumed to hold Key Vault Secrets User) and dispatch the workflow on the GitHub API the job names, once.
 * Like the real step it never fails the job: a missing secret or a refused dispatch is only logged.
 */
export interface ResumeStepLog {
  job: string;
  at: number;
  outcome: string;
}

const STEP = 'resume_rollout';

export class ResumeStepRunner {
  /** Secrets of the emulated Key Vaults, by `${vaultUrl}/secrets/${name}`. */
  readonly secrets = new Map<string, string>();
  readonly log: ResumeStepLog[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly store: WorkspaceStore) {}

  start(everyMs = 20): void {
    this.timer ??= setInterval(() => void this.tick(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Dispatches for every job whose resume step has run and not dispatched yet. */
  async tick(): Promise<void> {
    const now = this.store.clock.now();
    for (const record of this.store.jobs.values()) {
      if (record.resumeDispatchedAt !== undefined) continue;
      const step = jobState(record, now).steps.find((candidate) => candidate.spec.name === STEP);
      if (step?.status !== 'Completed') continue;
      record.resumeDispatchedAt = now;
      const outcome = await this.run(record, step.spec.inputs ?? {}).catch((error: Error) => error.message);
      this.log.push({ job: record.name, at: now, outcome });
    }
  }

  private async run(record: JobRecord, inputs: Record<string, string>): Promise<string> {
    const { github_api_url: api, github_repository: repository, github_workflow: workflow } = inputs;
    if (!repository || !workflow || !inputs.key_vault_url || !inputs.model_job)
      return 'no dispatch asked for';
    const token = this.secrets.get(`${inputs.key_vault_url}/secrets/${inputs.token_secret}`);
    if (!token) return `Key Vault has no secret ${inputs.token_secret}`;
    const response = await fetch(
      `${(api || 'https://api.github.com').replace(/\/+$/, '')}/repos/${repository}/actions/workflows/${workflow}/dispatches`,
      {
        method: 'POST',
        headers: {
          accept: 'application/vnd.github+json',
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          ref: (inputs.github_ref ?? 'main').replace(/^refs\/(heads|tags)\//, ''),
          // base64url of a JSON object, as the real step reads it (resume_rollout.py decode_inputs).
          inputs: JSON.parse(Buffer.from(inputs.dispatch_inputs ?? 'e30', 'base64url').toString('utf8')),
        }),
      },
    );
    return `dispatched ${workflow} for ${record.name}: HTTP ${response.status}`;
  }
}
