import type { DataAssets } from '../data-assets.js';

export class DataInputError extends Error {}

/** A pipeline job input as ARM stores it (JobInput in mfe.json: LiteralJobInput or an AssetJobInput). */
export type ArmJobInput =
  { jobInputType: 'literal'; value: string } | { jobInputType: string; uri: string; mode: string };

const ASSET_TYPES = new Set(['uri_file', 'uri_folder', 'mltable']);
/** The YAML's `mode` and ARM's InputDeliveryMode. */
const MODES: Record<string, string> = {
  ro_mount: 'ReadOnlyMount',
  rw_mount: 'ReadWriteMount',
  download: 'Download',
  direct: 'Direct',
  eval_mount: 'EvalMount',
  eval_download: 'EvalDownload',
};
/** `azureml:<name>:<version>`, `azureml:<name>@latest` (reference-yaml-core-syntax), or the ARM id form. */
const SHORT_REFERENCE = /^azureml:([A-Za-z0-9_][\w.-]*)(?::([\w.-]+)|@(latest))$/;
const LONG_REFERENCE =
  /^azureml:\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/.*\/data\/([^/]+)\/versions\/([^/]+)$/i;

/**
 * The pipeline's `inputs:` as ARM stores them, the way `az ml job create` resolves them before submitting:
 * literals as text, and asset inputs (`type: uri_folder`, `path: azureml:name:version` or `@latest`) to the ARM
 * id of an existing data version of a matching type. A missing asset or version stops the submission.
 */
export function resolveJobInputs(
  inputs: Record<string, unknown>,
  assets: DataAssets,
  workspaceId: string,
): Record<string, ArmJobInput> {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [name, resolveInput(name, value, assets, workspaceId)]),
  );
}

function resolveInput(name: string, value: unknown, assets: DataAssets, workspaceId: string): ArmJobInput {
  if (value === null || typeof value !== 'object') return { jobInputType: 'literal', value: String(value) };
  const { type, path, mode = 'ro_mount' } = value as { type?: string; path?: unknown; mode?: string };
  if (!type || !ASSET_TYPES.has(type))
    throw new DataInputError(
      `inputs.${name}.type must be one of ${[...ASSET_TYPES].join(', ')} (found '${type}').`,
    );
  if (!MODES[mode])
    throw new DataInputError(
      `inputs.${name}.mode must be one of ${Object.keys(MODES).join(', ')} (found '${mode}').`,
    );
  if (typeof path !== 'string' || !path)
    throw new DataInputError(`inputs.${name}.path is required for a ${type} input.`);
  const reference = SHORT_REFERENCE.exec(path) ?? LONG_REFERENCE.exec(path);
  if (!reference) {
    if (path.startsWith('azureml:') && !path.startsWith('azureml://'))
      throw new DataInputError(
        `inputs.${name}.path '${path}' is not a data asset reference (azureml:<name>:<version> or azureml:<name>@latest).`,
      );
    return { jobInputType: type, uri: path, mode: MODES[mode]! };
  }
  const [, asset, version, latest] = reference as unknown as [
    string,
    string,
    string | undefined,
    string | undefined,
  ];
  const record = latest ? assets.latest(asset) : assets.get(asset, version!);
  if (!record)
    throw new DataInputError(
      latest
        ? `Data asset ${asset} was not found in the workspace (inputs.${name}: ${path}).`
        : `Data asset ${asset} with version ${version} was not found in the workspace (inputs.${name}: ${path}).`,
    );
  if (record.dataType !== type)
    throw new DataInputError(
      `inputs.${name} is a ${type} input but data asset ${asset}:${record.version} is ${record.dataType}.`,
    );
  return {
    jobInputType: type,
    uri: `azureml:${workspaceId}/data/${asset}/versions/${record.version}`,
    mode: MODES[mode]!,
  };
}
