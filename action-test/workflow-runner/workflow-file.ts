import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import {
  convertWorkflowTemplate,
  isMapping,
  isSequence,
  isString,
  NoOperationTraceWriter,
  parseWorkflow,
  type WorkflowTemplate,
} from '@actions/workflow-parser';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import type { MappingToken } from '@actions/workflow-parser/templates/tokens/mapping-token';

export type ParsedJob = WorkflowTemplate['jobs'][number];

/** A workflow as GitHub's own parser reads it, plus the raw keys its model leaves out (`with:`, call outputs). */
export interface WorkflowFile {
  path: string;
  name: string;
  template: WorkflowTemplate;
  raw: MappingToken;
}

/**
 * Parsed workflows by name and content: a test file runs the same few workflows many times, and GitHub's parser
 * took about a tenth of a workflow test's own CPU. Runs only read what it returns.
 */
const parsedWorkflows = new Map<string, Promise<Omit<WorkflowFile, 'path'>>>();

export async function loadWorkflow(path: string): Promise<WorkflowFile> {
  const content = readFileSync(path, 'utf8');
  const key = `${basename(path)}\0${content}`;
  let parsed = parsedWorkflows.get(key);
  if (!parsed) {
    parsed = parseWorkflowText(path, content);
    parsedWorkflows.set(key, parsed);
    parsed.catch(() => parsedWorkflows.delete(key));
  }
  return { path, ...(await parsed) };
}

async function parseWorkflowText(path: string, content: string): Promise<Omit<WorkflowFile, 'path'>> {
  const parsed = parseWorkflow({ name: basename(path), content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((error) => error.message);
  if (errors.length || !parsed.value) throw new Error(`${path} does not parse:\n${errors.join('\n')}`);
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  if (template.errors?.length)
    throw new Error(`${path} is not a valid workflow:\n${template.errors.map((e) => e.Message).join('\n')}`);
  if (!isMapping(parsed.value)) throw new Error(`${path} is not a mapping.`);
  return { name: basename(path), template, raw: parsed.value };
}

/** The raw token at a key path of a mapping, e.g. ['jobs', 'deploy', 'steps']. */
export function rawAt(
  token: TemplateToken | undefined,
  ...keys: (string | number)[]
): TemplateToken | undefined {
  let current = token;
  for (const key of keys) {
    if (!current) return undefined;
    if (typeof key === 'number') {
      current = isSequence(current) && key < current.count ? current.get(key) : undefined;
    } else if (isMapping(current)) {
      let found: TemplateToken | undefined;
      for (const pair of current) if (isString(pair.key) && pair.key.value === key) found = pair.value;
      current = found;
    } else {
      return undefined;
    }
  }
  return current;
}

/** The `with:` of a job's step, which the converted model does not keep. */
export function stepWith(file: WorkflowFile, jobId: string, index: number): MappingToken | undefined {
  const token = rawAt(file.raw, 'jobs', jobId, 'steps', index, 'with');
  return token && isMapping(token) ? token : undefined;
}
