import {
  formatDataReference,
  parseDataReference,
  type DataReference,
  type DataVersion,
  type MlDataAssets,
} from '../../azure/ml/data-assets.js';
import { ActionError, InputError } from '../../kit/errors.js';
import type { Log } from '../../kit/log.js';

/** The pipeline input a data asset feeds (pipeline/pipeline-data-asset.yml: data_prep reads it). */
export const DATA_INPUT = 'interactions';
const SYNTHETIC_ONLY = ['start-date', 'end-date', 'rows-per-day'] as const;

export interface DataInputRequest {
  /** The action's `data` input, already validated. */
  data?: DataReference;
  /** The pipeline YAML's `inputs:`. */
  pipelineInputs: Record<string, unknown>;
  /** The inputs that only shape synthetic data, by action input name, when given. */
  syntheticInputs: Partial<Record<(typeof SYNTHETIC_ONLY)[number], unknown>>;
  display: string;
}

export interface DataInputPlan {
  reference: DataReference;
  /** The YAML's input type (uri_folder, uri_file), which the resolved version must match. */
  type: string;
}

/**
 * Which data asset the run reads, before anything touches Azure: the `data` input, or else the pipeline's own
 * `interactions.path` when it names an asset. Either way it is resolved to a version and hashed, so a new version
 * retrains and the same one reuses. Undefined for a pipeline that reads no data asset (the synthetic one).
 */
export function planDataInput(request: DataInputRequest): DataInputPlan | undefined {
  const declared = request.pipelineInputs[DATA_INPUT] as { type?: unknown; path?: unknown } | undefined;
  if (request.data && (!declared || typeof declared !== 'object')) {
    throw new InputError(
      'data',
      `is set, but ${request.display} has no '${DATA_INPUT}' input to take it`,
      `pipeline-file: pipeline/pipeline-data-asset.yml (or a pipeline with a uri_folder input '${DATA_INPUT}')`,
    );
  }
  const reference =
    request.data ?? (typeof declared?.path === 'string' ? parseDataReference(declared.path) : undefined);
  if (!reference || !declared) return undefined;
  const given = SYNTHETIC_ONLY.filter((name) => request.syntheticInputs[name] !== undefined);
  if (given.length) {
    throw new InputError(
      given[0]!,
      `shapes synthetic data, but this run reads data asset ${formatDataReference(reference)}`,
      `no ${given.join(', ')} with a data asset (they would be ignored)`,
    );
  }
  return { reference, type: typeof declared.type === 'string' ? declared.type : 'uri_folder' };
}

/** The `--set` that pins the run to the resolved version; part of the content hash. */
export function dataOverride(plan: DataInputPlan, resolved: DataVersion): string {
  if (resolved.dataType !== plan.type) {
    throw new ActionError(
      `Data asset ${resolved.name}:${resolved.version} is ${resolved.dataType}, but the pipeline input '${DATA_INPUT}' is ${plan.type}.`,
      `Register the data as ${plan.type}: az ml data create --type ${plan.type} ...`,
    );
  }
  return `inputs.${DATA_INPUT}.path=azureml:${resolved.name}:${resolved.version}`;
}

/** The `--set` pinning the planned data asset to the version it means now (none without a plan). */
export async function pinDataVersion(
  assets: MlDataAssets,
  plan: DataInputPlan | undefined,
  log: Log,
  signal?: AbortSignal,
): Promise<string[]> {
  if (!plan) return [];
  const resolved = await assets.resolve(plan.reference, signal);
  log.info(
    `Data: ${formatDataReference(plan.reference)} is version ${resolved.version} (${resolved.dataUri}).`,
  );
  return [dataOverride(plan, resolved)];
}
