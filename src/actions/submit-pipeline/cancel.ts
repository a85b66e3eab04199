import { cancelJob, cancelNote } from '../../azure/ml/job-cancel.js';
import { workflowLog } from '../../kit/log.js';
import { Inputs } from '../../kit/inputs.js';
import { inputsFromEnv } from '../../kit/runner-protocol.js';
import { readAzureTarget } from '../shared/azure-inputs.js';
import { openRunnerSession } from '../shared/runtime.js';
import { mlJobs } from '../shared/ml-clients.js';

/** The post step of a cancelled workflow: cancel the Azure ML job the main step submitted. */
export async function cancelSubmittedJob(jobName: string): Promise<void> {
  const target = readAzureTarget(new Inputs(inputsFromEnv()), process.env);
  const outcome = await cancelJob(mlJobs(openRunnerSession(target)), jobName);
  const studio = outcome.kind === 'cancel-requested' ? ` Studio: ${outcome.studioUrl ?? ''}` : '';
  workflowLog.info(`The workflow was cancelled. ${cancelNote(jobName, outcome)}${studio}`);
}
