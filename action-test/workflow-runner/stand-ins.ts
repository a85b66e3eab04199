import { copyFileSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { join } from 'node:path';
import { FEDERATED_AUDIENCE } from '../emulator/identity.js';
import { spawnRunner } from '../../src/azure/process-runner.js';
import { AZ_SHIM_DIR } from '../emulator/server.js';

/** A repository the checkout stand-in serves: a folder holding its files, and the commit it stands for. */
export interface RepositorySource {
  dir: string;
  sha: string;
  /** Unset means public. A job's GITHUB_TOKEN reads only its own repository when the other is not public. */
  visibility?: 'public' | 'private' | 'internal';
  /** Settings → Actions → Access: repositories of the same organisation may call its workflows and actions. */
  sharedWithOrganization?: boolean;
}

export interface StandInStep {
  inputs: Record<string, string>;
  env: NodeJS.ProcessEnv;
  workspace: string;
  repositories: Record<string, RepositorySource>;
  defaultRepository: string;
  defaultSha: string;
  log: (line: string) => void;
  mask: (secret: string) => void;
}

export type StandIn = (step: StandInStep) => Promise<void>;

/** The actions a workflow may use besides its own, by owner/name: what the emulated runner does in their place. */
export const STAND_INS: Record<string, { inputs: string[]; run: StandIn }> = {
  'actions/checkout': {
    inputs: ['repository', 'ref', 'path', 'persist-credentials', 'fetch-depth', 'token', 'sparse-checkout'],
    run: checkout,
  },
  'azure/login': {
    inputs: [
      'client-id',
      'tenant-id',
      'subscription-id',
      'allow-no-subscriptions',
      'environment',
      'enable-AzPSSession',
      'audience',
      'auth-type',
      'creds',
    ],
    run: azureLogin,
  },
};

/** actions/checkout: the files of the named repository at the named commit, where `path` says. */
async function checkout(step: StandInStep): Promise<void> {
  const repository = step.inputs.repository || step.defaultRepository;
  const source = step.repositories[repository];
  if (!source) throw new Error(`Repository not found: ${repository || '(empty repository input)'}.`);
  // The job's GITHUB_TOKEN is scoped to the repository that runs the workflow.
  if (source.visibility && source.visibility !== 'public' && repository !== step.defaultRepository)
    throw new Error(
      `Not Found - https://docs.github.com/rest/repos/repos#get-a-repository: the job's token cannot read ${source.visibility} repository ${repository}.`,
    );
  const ref = step.inputs.ref || (repository === step.defaultRepository ? step.defaultSha : source.sha);
  if (ref !== source.sha)
    throw new Error(
      `fatal: reference is not a tree: ${ref || '(empty ref)'} (${repository} is at ${source.sha}).`,
    );
  const path = step.inputs.path ?? '';
  const target = join(step.workspace, path);
  if (!target.startsWith(step.workspace))
    throw new Error(`Repository path '${path}' is not under the workspace.`);
  if (path === '' || path === '.') {
    for (const entry of readdirSync(step.workspace))
      rmSync(join(step.workspace, entry), { recursive: true, force: true });
  } else {
    rmSync(target, { recursive: true, force: true });
  }
  mkdirSync(target, { recursive: true });
  copyRepository(source.dir, target);
  step.log(`Checked out ${repository}@${ref.slice(0, 12)} into ${path || '.'}`);
}

/**
 * The checkout's files: copies, except the bundles in `dist/`, which are hard links to the repository's own. No
 * step writes to a bundle, and dist/ is nine tenths of the bytes every job's checkout copied (and then deleted).
 */
export function copyRepository(from: string, to: string): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const copy = entry.name === 'dist' ? linkFile : copyFileSync;
    if (entry.isDirectory()) copyTree(join(from, entry.name), join(to, entry.name), copy);
    else copyFileSync(join(from, entry.name), join(to, entry.name));
  }
}

function copyTree(from: string, to: string, copy: (source: string, target: string) => void): void {
  mkdirSync(to);
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const [source, target] = [join(from, entry.name), join(to, entry.name)];
    if (entry.isDirectory()) copyTree(source, target, copy);
    else copy(source, target);
  }
}

/** A hard link, or a copy where the two folders are on different file systems. */
function linkFile(source: string, target: string): void {
  try {
    linkSync(source, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    copyFileSync(source, target);
  }
}

/** azure/login with OIDC: a GitHub ID token for Entra's audience, then `az login` with it as a federated token. */
async function azureLogin(step: StandInStep): Promise<void> {
  for (const name of ['client-id', 'tenant-id', 'subscription-id']) {
    if (!step.inputs[name])
      throw new Error(
        `Using auth-type: SERVICE_PRINCIPAL. Not all values are present. Ensure '${name}' is supplied.`,
      );
  }
  const url = step.env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const requestToken = step.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!url || !requestToken)
    throw new Error(
      'Failed to fetch federated token from GitHub. Please make sure to give write permissions to id-token in the workflow.',
    );
  const token = await idToken(
    `${url}&audience=${encodeURIComponent(FEDERATED_AUDIENCE)}`,
    requestToken,
    step.env,
  );
  step.mask(token);
  const az = async (args: string[]) => {
    const result = await spawnRunner.run(join(AZ_SHIM_DIR, 'az'), args, {
      env: step.env,
      cwd: step.workspace,
    });
    if (result.exitCode !== 0) throw new Error(`Az CLI Login failed. ${result.stderr.trim()}`);
  };
  await az([
    'login',
    '--service-principal',
    '--username',
    step.inputs['client-id']!,
    '--tenant',
    step.inputs['tenant-id']!,
    '--federated-token',
    token,
    '--output',
    'none',
  ]);
  await az(['account', 'set', '--subscription', step.inputs['subscription-id']!]);
  step.log(`Azure CLI login succeeds with client ${step.inputs['client-id']} (OIDC).`);
}

/** GitHub's ID token endpoint, trusting the CA the runner machine trusts (NODE_EXTRA_CA_CERTS of the step). */
function idToken(url: string, requestToken: string, env: NodeJS.ProcessEnv): Promise<string> {
  const ca = env.NODE_EXTRA_CA_CERTS ? readFileSync(env.NODE_EXTRA_CA_CERTS, 'utf8') : undefined;
  return new Promise((resolve, reject) => {
    const request = https.get(
      url,
      { headers: { authorization: `Bearer ${requestToken}` }, ca },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk));
        response.on('end', () => {
          if (response.statusCode !== 200)
            reject(new Error(`Failed to fetch federated token from GitHub: HTTP ${response.statusCode}.`));
          else resolve((JSON.parse(body) as { value: string }).value);
        });
      },
    );
    request.on('error', (error) =>
      reject(new Error(`Failed to fetch federated token from GitHub: ${error.message}`)),
    );
  });
}
