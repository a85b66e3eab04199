import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A checkout with the files the actions' default paths name, for tests that must not depend on the repo. */
export function fixtureWorkspace(files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'workspace-'));
  const defaults: Record<string, string> = {
    'pipeline/pipeline.yml':
      '$schema: https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json\ntype: pipeline\njobs: {}\n',
    'inference/triton/Dockerfile': 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n',
    'inference/triton/endpoint.yml': 'name: next-item\nauth_mode: aml_token\n',
    'inference/triton/deployment.yml': 'name: green\ninstance_type: Standard_NC4as_T4_v3\n',
    'inference/scoring/sample-request.json': '{"inputs":[]}\n',
    'pipeline/broken.yml': 'type: pipeline\njobs: [unclosed\n',
    'pipeline/command-job.yml': 'type: command\ncommand: echo hi\n',
  };
  for (const [path, content] of Object.entries({ ...defaults, ...files })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}
