import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../support/action-manifests.js';
import { identities, REPOSITORY, trustedSubjects } from '../support/workflow-world.js';

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

/** The dry run's report, identity by identity: the subjects each trusts and the roles it gets. */
function identitiesOf(stdout: string) {
  const found: Record<string, { subjects: string[]; roles: string[] }> = {};
  let current: { subjects: string[]; roles: string[] } | undefined;
  for (const line of stdout.split('\n')) {
    const identity = /^identity (\S+)$/.exec(line);
    if (identity) found[identity[1]!] = current = { subjects: [], roles: [] };
    const subject = /^ {2}trusts (\S+)$/.exec(line);
    if (subject) current!.subjects.push(subject[1]!);
    const role = /^ {2}role '([^']+)' on /.exec(line);
    if (role) current!.roles.push(role[1]!);
  }
  return found;
}

describe('scripts/azure-setup.sh (dry run: the az commands it would run)', () => {
  it('prints two identities, the subjects each trusts (those the end-to-end runner trusts), and no role for pull_request', () => {
    const run = setup(...required, '--repo', REPOSITORY, '--dry-run');
    expect(run.status).toBe(0);
    const expected = trustedSubjects();
    expect(identitiesOf(run.stdout)).toEqual({
      'next-item-train': {
        subjects: expected.training,
        roles: ['next-item trainer', 'next-item ACR Tasks builder'],
      },
      'next-item-deploy': { subjects: expected.deployment, roles: ['next-item deployer'] },
    });
    // The runner's emulated Entra trusts the same subjects, identity by identity.
    expect(identities().map((identity) => [identity.name, identity.subjects])).toEqual([
      ['next-item-train', expected.training],
      ['next-item-deploy', expected.deployment],
    ]);
    const subjects = [...run.stderr.matchAll(/federated-credential create .* --subject (\S+)/g)].map(
      (m) => m[1],
    );
    expect(subjects).toEqual([...expected.training, ...expected.deployment]);
    expect(run.stderr).not.toContain('pull_request');
    expect(run.stdout).toContain('pull_request: no federated credential and no role');
    const assignments = run.stderr.split('\n').filter((line) => line.includes('role assignment create'));
    expect(assignments).toHaveLength(3);
    expect(run.stderr).not.toMatch(/\b(Owner|Contributor|AzureML\\ Data\\ Scientist)\b/);
    // The deployment role cannot train or register; the training role can only read endpoints (the champion).
    const deployer = run.stdout.slice(run.stdout.indexOf("'next-item deployer'"));
    expect(deployer).not.toMatch(/jobs\/write|models\/versions\/write|scheduleRun/);
    const trainer = run.stdout.slice(
      run.stdout.indexOf("'next-item trainer'"),
      run.stdout.indexOf("'next-item ACR"),
    );
    expect(trainer).toContain('Microsoft.MachineLearningServices/workspaces/jobs/write');
    const endpointRights = [...trainer.matchAll(/workspaces\/onlineEndpoints\/[\w/*]+/g)].map((m) => m[0]);
    expect(endpointRights).toEqual([
      'workspaces/onlineEndpoints/read',
      'workspaces/onlineEndpoints/deployments/read',
    ]);
    expect(run.stdout).toContain('AZURE_CLIENT_ID=');
  });

  it('gives the compute cluster, for the dispatch of detached training, only Key Vault Secrets User on the one secret', () => {
    const run = setup(
      ...required,
      '--repo',
      REPOSITORY,
      '--key-vault',
      'kv-next-item',
      '--compute',
      'gpu-cluster',
      '--dry-run',
    );
    expect(run.status).toBe(0);
    const assignments = run.stderr.split('\n').filter((line) => line.includes('role assignment create'));
    expect(assignments).toHaveLength(4);
    expect(assignments[3]).toMatch(
      /--role Key\\ Vault\\ Secrets\\ User --scope \S+\/secrets\/github-dispatch-token /,
    );
    expect(run.stdout).toContain('NEXT_ITEM_DETACHED=true');
    expect(run.stdout).toContain('NEXT_ITEM_KEY_VAULT=');
    expect(setup(...required, '--repo', REPOSITORY, '--key-vault', 'kv', '--dry-run').stderr).toContain(
      '--key-vault and --compute go together',
    );
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
