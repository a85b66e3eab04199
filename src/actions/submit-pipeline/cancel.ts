import { notImplemented } from '../shared/not-implemented.js';

export async function cancelSubmittedJob(_jobName: string): Promise<void> {
  notImplemented('submit-pipeline (post: cancel the job)', 4);
}
