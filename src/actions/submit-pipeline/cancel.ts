import { workflowLog } from '../../kit/log.js';
import { Inputs } from '../../kit/inputs.js';
import { inputsFromEnv } from '../../kit/runner-protocol.js';
import { readAzureTarget } from '../shared/azure-inputs.js';
import { openRunnerSession } from '../shared/runtime.js';
import { mlJobs } from '../shared/ml-clients.js';
import { FINAL_STATUSES } from '../../azure/ml/jobs.js';
import { ArmError } from '../../azure/arm-error.js';

/** The post step of a cancelled workflow: cancel the Azure ML job the main step submitted. */
export async function cancelSubmittedJob(jobName: string): Promise<void> {
  const target = readAzureTarget(new Inputs(inputsFromEnv()), process.env);
  const jobs = mlJobs(openRunnerSession(target));
  try {
    const job = await jobs.get(jobName);
    if (FINAL_STATUSES.has(job.status)) {
      workflowLog.info(`Job ${jobName} had already ended (${job.status}); nothing to cancel.`);
      return;
    }
    await jobs.cancel(jobName);
    workflowLog.info(
      `The workflow was cancelled: asked Azure ML to cancel job ${jobName}. Studio: ${job.studioUrl ?? ''}`,
    );
  } catch (error) {
    if (error instanceof ArmError && error.status === 404) {
      workflowLog.info(`Job ${jobName} was never created; nothing to cancel.`);
      return;
    }
    throw error;
  }
}
