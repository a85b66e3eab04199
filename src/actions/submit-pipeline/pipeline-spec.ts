import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { InputError } from '../../kit/errors.js';
import { quote } from '../../kit/quote.js';

export interface PipelineSpec {
  steps: string[];
  outputs: string[];
  inputs: Record<string, unknown>;
}

/** Reads the pipeline YAML far enough to refuse what `az ml job create` would refuse later, and slower. */
export function readPipelineSpec(path: string, display: string): PipelineSpec {
  let document: unknown;
  try {
    document = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InputError(
      'pipeline-file',
      `names ${quote(display)}, which is not valid YAML (${(error as Error).message.split('\n')[0]})`,
      'an Azure ML pipeline job YAML file',
    );
  }
  const spec = document as {
    type?: unknown;
    jobs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
    inputs?: Record<string, unknown>;
  } | null;
  if (
    !spec ||
    typeof spec !== 'object' ||
    spec.type !== 'pipeline' ||
    !spec.jobs ||
    typeof spec.jobs !== 'object'
  ) {
    throw new InputError(
      'pipeline-file',
      `names ${quote(display)}, which is not a pipeline job (it needs type: pipeline and jobs:)`,
      'an Azure ML pipeline job YAML file',
    );
  }
  return {
    steps: Object.keys(spec.jobs),
    outputs: Object.keys(spec.outputs ?? {}),
    inputs: spec.inputs ?? {},
  };
}
