import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/action-docs.js';
import { federatedSubjects, REPOSITORY } from '../support/workflow-world.js';

const script = join(repoRoot, 'scripts/azure-setup.sh');
const setup = (...args: string[]) => spawnSync('bash', [script, ...args], { encoding: 'utf8' });
const required = [
  '--subscription',
  '6f1b2c3d-0000-4000-8000-000000000003',
  '--resource-group',
  'rg-next-item',
  '--workspace',
  'mlw-next-item',
];

describe('scripts/azure-setup.sh (dry run: the az commands it would run)', () => {
  it('creates federated credentials for exactly the subjects the end-to-end run trusts, and two scoped roles', () => {
    const run = setup(...required, '--repo', REPOSITORY, '--dry-run');
    expect(run.status).toBe(0);
    const subjects = [...run.stderr.matchAll(/federated-credential create .* --subject (\S+)/g)].map(
      (m) => m[1],
    );
    expect(subjects).toEqual(federatedSubjects());
    const assignments = run.stderr.split('\n').filter((line) => line.includes('role assignment create'));
    expect(assignments).toHaveLength(2);
    expect(assignments[0]).toContain('AzureML\\ Data\\ Scientist');
    expect(assignments[1]).toContain('next-item\\ ACR\\ Tasks\\ builder');
    expect(run.stderr).not.toMatch(/\b(Owner|Contributor)\b/);
    expect(run.stdout).toContain('AZURE_CLIENT_ID=');
  });

  it('names the missing argument and how to fix it', () => {
    const run = setup(...required, '--dry-run');
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe(`error: --repo is required (see the usage at the top of ${script})`);
    expect(setup(...required, '--repo', 'not a repo', '--dry-run').stderr).toContain(
      '--repo must be OWNER/NAME',
    );
  });
});
