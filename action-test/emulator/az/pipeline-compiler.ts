import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';

export class PipelineError extends Error {}

interface ComponentSpec {
  type?: string;
  inputs?: Record<string, { type?: string; default?: unknown; optional?: boolean }>;
  outputs?: Record<string, unknown>;
  code?: string;
  command?: string;
}

interface PipelineSpec {
  type?: string;
  display_name?: string;
  experiment_name?: string;
  description?: string;
  tags?: Record<string, string>;
  settings?: { default_compute?: string; on_finalize?: string };
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  jobs?: Record<
    string,
    {
      type?: string;
      component?: string;
      inputs?: Record<string, unknown>;
      outputs?: Record<string, unknown>;
      compute?: string;
    }
  >;
}

export interface CompiledStep {
  name: string;
  component: string;
  outputs: string[];
  /** The step's inputs as the YAML (after --set) gives them; model inputs are checked by model-inputs.ts. */
  inputs: Record<string, unknown>;
  /** `settings.on_finalize` names this step: it runs after the others, whatever their outcome. */
  finalize?: true;
}

export interface CompiledPipeline {
  displayName?: string;
  experimentName: string;
  description?: string;
  computeId?: string;
  tags: Record<string, string>;
  inputs: Record<string, unknown>;
  outputs: string[];
  /** Which step writes each pipeline output. */
  outputSources: Record<string, { step: string; output: string }>;
  steps: CompiledStep[];
}

/** Sets `a.b.c=value` in a parsed YAML document, as `az ml job create --set` does. */
export function applySet(document: Record<string, unknown>, assignment: string): void {
  const at = assignment.indexOf('=');
  if (at <= 0) throw new PipelineError(`--set expects path=value, got '${assignment}'`);
  const path = assignment.slice(0, at).split('.');
  const value = assignment.slice(at + 1);
  let node = document;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
}

const PARENT_JOB_OUTPUT = /\$\{\{\s*parent\.jobs\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}/g;
const PARENT_INPUT = /\$\{\{\s*parent\.inputs\.([\w-]+)\s*\}\}/g;
const PARENT_OUTPUT = /^\$\{\{\s*parent\.outputs\.([\w-]+)\s*\}\}$/;

type JobSpec = NonNullable<PipelineSpec['jobs']>[string];

/**
 * What `az ml job create` checks before it uploads anything: the YAML parses, every component file exists
 * and declares what the pipeline wires into it, every `${{parent...}}` reference resolves, and an on_finalize
 * step is one of the jobs and stands apart from the others.
 */
export function compilePipeline(file: string, sets: string[], knownComputes: string[]): CompiledPipeline {
  const spec = loadPipeline(file, sets);
  const jobs = spec.jobs!;
  const base = dirname(file);
  const components = Object.fromEntries(
    Object.entries(jobs).map(([name, job]) => [name, loadComponent(base, name, job)]),
  );
  const outputSources: CompiledPipeline['outputSources'] = {};
  const dependsOn: Record<string, Set<string>> = {};
  for (const [name, job] of Object.entries(jobs)) {
    dependsOn[name] = wireInputs(spec, components, name, job);
    wireOutputs(spec, components[name]!, name, job, outputSources);
  }
  const finalize = checkFinalize(spec.settings?.on_finalize, dependsOn);
  const compute = spec.settings?.default_compute;
  if (compute && !knownComputes.includes(compute.replace(/^azureml:/, ''))) {
    throw new PipelineError(`Compute ${compute.replace(/^azureml:/, '')} was not found in the workspace.`);
  }
  const order = topologicalOrder(dependsOn).filter((name) => name !== finalize);
  return {
    displayName: spec.display_name,
    experimentName: spec.experiment_name ?? 'Default',
    description: spec.description,
    computeId: compute,
    tags: Object.fromEntries(Object.entries(spec.tags ?? {}).map(([k, v]) => [k, String(v)])),
    inputs: spec.inputs ?? {},
    outputs: Object.keys(spec.outputs ?? {}),
    outputSources,
    steps: [...order, ...(finalize ? [finalize] : [])].map((name) => ({
      name,
      component: jobs[name]!.component!,
      outputs: Object.keys(components[name]!.outputs ?? {}),
      inputs: jobs[name]!.inputs ?? {},
      ...(name === finalize ? { finalize: true as const } : {}),
    })),
  };
}

/** The pipeline YAML parsed, with the --set values applied, a pipeline with at least one job. */
function loadPipeline(file: string, sets: string[]): PipelineSpec {
  if (!existsSync(file) || !statSync(file).isFile())
    throw new PipelineError(`The file ${file} does not exist.`);
  let spec: PipelineSpec;
  try {
    spec = parse(readFileSync(file, 'utf8')) as PipelineSpec;
  } catch (error) {
    throw new PipelineError(
      `Error while parsing yaml file: ${file}. ${(error as Error).message.split('\n')[0]}`,
    );
  }
  if (!spec || typeof spec !== 'object') throw new PipelineError(`${file} is not a YAML mapping.`);
  for (const assignment of sets) applySet(spec as Record<string, unknown>, assignment);
  if (spec.type !== 'pipeline') throw new PipelineError(`type must be 'pipeline' (found '${spec.type}').`);
  if (Object.keys(spec.jobs ?? {}).length === 0)
    throw new PipelineError('A pipeline job needs at least one job under jobs.');
  return spec;
}

/** A job's command component: it exists, its code folder exists, its command uses only what it declares. */
function loadComponent(base: string, name: string, job: JobSpec): ComponentSpec {
  if (!job.component) throw new PipelineError(`jobs.${name}.component is required.`);
  const path = resolve(base, job.component.replace(/^file:/, ''));
  if (!existsSync(path))
    throw new PipelineError(`jobs.${name}.component: the component file ${job.component} does not exist.`);
  const component = parse(readFileSync(path, 'utf8')) as ComponentSpec;
  if (component?.type !== 'command')
    throw new PipelineError(`jobs.${name}.component ${job.component} is not a command component.`);
  if (component.code && !existsSync(resolve(dirname(path), component.code))) {
    throw new PipelineError(
      `jobs.${name}: the code folder ${component.code} of ${job.component} does not exist.`,
    );
  }
  for (const [, kind, used] of (component.command ?? '').matchAll(
    /\$\{\{\s*(inputs|outputs)\.([\w-]+)\s*\}\}/g,
  )) {
    if (!(used! in (component[kind as 'inputs' | 'outputs'] ?? {}))) {
      throw new PipelineError(
        `jobs.${name}: the command of ${job.component} uses ${kind}.${used}, which the component does not declare.`,
      );
    }
  }
  return component;
}

/** Checks a job's inputs against its component and the pipeline; returns the jobs whose outputs it reads. */
function wireInputs(
  spec: PipelineSpec,
  components: Record<string, ComponentSpec>,
  name: string,
  job: JobSpec,
): Set<string> {
  const jobs = spec.jobs!;
  const component = components[name]!;
  const dependsOn = new Set<string>();
  for (const [input, value] of Object.entries(job.inputs ?? {})) {
    if (!(input in (component.inputs ?? {})))
      throw new PipelineError(
        `jobs.${name}.inputs.${input}: the component does not declare an input named ${input}.`,
      );
    const text = String(value);
    for (const [, other, output] of text.matchAll(PARENT_JOB_OUTPUT)) {
      if (!jobs[other!])
        throw new PipelineError(
          `jobs.${name}.inputs.${input}: ${text} names job ${other}, which is not in this pipeline.`,
        );
      if (!(output! in (components[other!]!.outputs ?? {})))
        throw new PipelineError(
          `jobs.${name}.inputs.${input}: ${text} names output ${output}, which job ${other} does not have.`,
        );
      dependsOn.add(other!);
    }
    for (const [, parentInput] of text.matchAll(PARENT_INPUT)) {
      if (!(parentInput! in (spec.inputs ?? {})))
        throw new PipelineError(
          `jobs.${name}.inputs.${input}: ${text} names pipeline input ${parentInput}, which is not declared.`,
        );
    }
  }
  for (const [input, declared] of Object.entries(component.inputs ?? {})) {
    if (declared.default === undefined && !declared.optional && !(input in (job.inputs ?? {}))) {
      throw new PipelineError(`jobs.${name}: the required input ${input} is not given.`);
    }
  }
  return dependsOn;
}

/** Checks a job's outputs against its component, and records which pipeline output each one feeds. */
function wireOutputs(
  spec: PipelineSpec,
  component: ComponentSpec,
  name: string,
  job: JobSpec,
  outputSources: CompiledPipeline['outputSources'],
): void {
  for (const [output, value] of Object.entries(job.outputs ?? {})) {
    if (!(output in (component.outputs ?? {})))
      throw new PipelineError(
        `jobs.${name}.outputs.${output}: the component does not declare an output named ${output}.`,
      );
    const parentOutput = PARENT_OUTPUT.exec(String(value))?.[1];
    if (parentOutput) {
      if (!(parentOutput in (spec.outputs ?? {})))
        throw new PipelineError(
          `jobs.${name}.outputs.${output}: pipeline output ${parentOutput} is not declared.`,
        );
      outputSources[parentOutput] = { step: name, output };
    }
  }
}

/**
 * `settings.on_finalize`, as azure-ai-ml's PipelineJob._validate_init_finalize_job checks it (its messages):
 * the job exists, is not the only one, and has no connection to another job in either direction.
 */
function checkFinalize(
  finalize: string | undefined,
  dependsOn: Record<string, Set<string>>,
): string | undefined {
  if (finalize === undefined) return undefined;
  if (!(finalize in dependsOn))
    throw new PipelineError(`settings.on_finalize: On_finalize job name ${finalize} not exists in jobs.`);
  if (Object.keys(dependsOn).length < 2)
    throw new PipelineError('jobs: No other job except for on_init/on_finalize job.');
  const connected =
    dependsOn[finalize]!.size > 0 || Object.values(dependsOn).some((needs) => needs.has(finalize));
  if (connected)
    throw new PipelineError(
      'settings.on_finalize: On_finalize job should not have connection to other execution node.',
    );
  return finalize;
}

function topologicalOrder(dependsOn: Record<string, Set<string>>): string[] {
  const order: string[] = [];
  const visiting = new Set<string>();
  const visit = (name: string) => {
    if (order.includes(name)) return;
    if (visiting.has(name)) throw new PipelineError(`The pipeline has a cycle through job ${name}.`);
    visiting.add(name);
    for (const dependency of dependsOn[name] ?? []) visit(dependency);
    visiting.delete(name);
    order.push(name);
  };
  Object.keys(dependsOn).forEach(visit);
  return order;
}
