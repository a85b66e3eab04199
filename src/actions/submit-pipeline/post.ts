import { runAction } from '../../kit/run-action.js';
import { savedState, STATE_KEYS } from '../shared/shared-names.js';

/**
 * Runs when the workflow is cancelled. The main step saves the job's name once it has submitted one;
 * without that state nothing was submitted and there is nothing to cancel.
 */
await runAction(async () => {
  const jobName = savedState(STATE_KEYS.jobName);
  if (!jobName) return;
  const { cancelSubmittedJob } = await import('./cancel.js');
  await cancelSubmittedJob(jobName);
});
