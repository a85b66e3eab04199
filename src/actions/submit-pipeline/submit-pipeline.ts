import { notImplemented } from '../shared/not-implemented.js';
import type { SubmitPipelineInputs } from './inputs.js';

export async function submitPipeline(_inputs: SubmitPipelineInputs): Promise<void> {
  notImplemented('submit-pipeline', 4);
}
