// What GitHub checks when a workflow calls a reusable workflow, before any job runs: the permissions it asks
// for against those the caller grants, its declared inputs (typed, required, defaulted) and its secrets.
import { evaluateToken, WiringError } from './expressions.js';
import { rawAt, type WorkflowFile } from './workflow-file.js';

export interface DeclaredInput {
  type: string;
  required?: boolean;
  default?: unknown;
}

/** A called workflow may not ask for more write scopes than its caller grants. */
export function checkPermissions(
  file: WorkflowFile,
  caller: WorkflowFile,
  granted: Record<string, string>,
): void {
  const requested = [
    rawAt(file.raw, 'permissions'),
    ...file.template.jobs.map((job) => rawAt(file.raw, 'jobs', job.id.value, 'permissions')),
  ];
  for (const token of requested) {
    const permissions = (evaluateToken(token, {}) ?? {}) as Record<string, string>;
    for (const [scope, level] of Object.entries(permissions))
      if (level === 'write' && granted[scope] !== 'write')
        throw new WiringError(
          `${file.name} requests '${scope}: write', but ${caller.name} only allows '${scope}: ${granted[scope] ?? 'none'}': grant it in the calling workflow.`,
        );
  }
}

/** The inputs the called workflow sees: only declared ones, required ones given, defaults filled in, types matched. */
export function typedInputs(
  file: WorkflowFile,
  caller: WorkflowFile,
  declared: Record<string, DeclaredInput>,
  given: Record<string, unknown>,
): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const name of Object.keys(given))
    if (!(name in declared))
      throw new WiringError(`${caller.name} passes input ${name}, which ${file.name} does not declare.`);
  for (const [name, spec] of Object.entries(declared)) {
    let value = given[name];
    if (value === undefined || value === null) {
      if (spec.required)
        throw new WiringError(`${caller.name} does not pass required input ${name} of ${file.name}.`);
      value = spec.default ?? (spec.type === 'boolean' ? false : spec.type === 'number' ? 0 : '');
    }
    if (typeof value !== spec.type)
      throw new WiringError(
        `Input ${name} of ${file.name} is a ${spec.type}; ${caller.name} passes ${JSON.stringify(value)}.`,
      );
    inputs[name] = value;
  }
  return inputs;
}

/** Every secret passed must be declared by the called workflow, unless the caller passes `secrets: inherit`. */
export function checkSecrets(
  file: WorkflowFile,
  caller: WorkflowFile,
  secrets: Record<string, string>,
): void {
  const declared = file.template.events.workflow_call?.secrets ?? {};
  const inherits = caller.template.jobs.some((j) => j.type === 'reusableWorkflowJob' && j['inherit-secrets']);
  for (const name of Object.keys(secrets))
    if (!(name in declared) && !inherits)
      throw new WiringError(`${caller.name} passes secret ${name}, which ${file.name} does not declare.`);
}
