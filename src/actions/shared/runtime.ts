import * as core from '@actions/core';
import { openAzureSession, type AzureSession } from '../../azure/session.js';
import { spawnRunner } from '../../azure/process-runner.js';
import type { AzureTarget } from '../../azure/target.js';
import { workflowLog } from '../../kit/log.js';

export const USER_AGENT = 'next-item-actions/1';

/** The Azure session of a real run: GitHub's ID tokens, real processes, masked secrets. */
export function openRunnerSession(target: AzureTarget): AzureSession {
  const session = openAzureSession(target, {
    env: process.env,
    runner: spawnRunner,
    getIdToken: (audience) => core.getIDToken(audience),
    secret: (value) => core.setSecret(value),
    debug: (line) => core.debug(line),
    userAgent: USER_AGENT,
  });
  workflowLog.info(
    session.credentialKind === 'github-oidc'
      ? `Signing in to ${target.cloud} with GitHub OIDC (client ${target.clientId}); tokens are renewed as they expire.`
      : `Signing in to ${target.cloud} with the Azure CLI's current login (no client-id/tenant-id with id-token permission).`,
  );
  return session;
}
