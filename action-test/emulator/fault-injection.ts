import type { Faults } from './config.js';
import { entraError } from './entra-error.js';
import type { EmulatorResponse } from './http.js';

/**
 * The faults of the services in front of ARM: GitHub's OIDC token endpoint, Entra's token endpoint and the
 * scoring endpoints. Each kind fails its share of requests; the same roll picks how it fails, so a seeded
 * emulator fails the same requests of each front door in the same way run after run. Undefined when the request goes through.
 */
export function frontDoorFault(
  path: string,
  faults: Faults,
  random: FrontDoorRandom,
  now: number,
): EmulatorResponse | undefined {
  if (path.startsWith('/_github/oidc/'))
    return githubOidcFault(faults.githubOidcFaultRate ?? 0, random.githubOidc);
  if (ENTRA_TOKEN_PATH.test(path)) return entraTokenFault(faults, random.entra, now);
  if (path.startsWith('/inference/')) return scoringFault(faults, random.scoring);
  return undefined;
}

/** A seeded stream per front door. */
export interface FrontDoorRandom {
  githubOidc: () => number;
  entra: () => number;
  scoring: () => number;
}

export const ENTRA_TOKEN_PATH = /^\/[^/]+\/oauth2\/v2\.0\/token$/i;

/** Half answered 500, half reset without an answer. */
function githubOidcFault(rate: number, random: () => number): EmulatorResponse | undefined {
  if (rate <= 0) return undefined;
  const roll = random();
  if (roll >= rate) return undefined;
  if (roll < rate / 2) return { status: 0, reset: true };
  return { status: 500, body: { message: 'Internal Server Error' } };
}

/**
 * Entra's token endpoint having a bad moment: half reset, a quarter 503 with AADSTS90033 (the body Entra
 * sends, as quoted in Azure/azure-sdk-for-python#14241), a quarter 429 with Retry-After (AADSTS90055,
 * TenantThrottlingError; the exact body of a throttled token request is unverified).
 */
export function entraTokenFault(
  faults: Faults,
  random: () => number,
  now: number,
): EmulatorResponse | undefined {
  const rate = faults.entraFaultRate ?? 0;
  if (rate <= 0) return undefined;
  const roll = random();
  if (roll >= rate) return undefined;
  if (roll < rate / 2) return { status: 0, reset: true };
  if (roll < (rate * 3) / 4)
    return entraError(
      {
        status: 503,
        error: 'temporarily_unavailable',
        code: 90033,
        description: 'A transient error has occurred. Please try again.',
      },
      now,
    );
  const throttled = entraError(
    {
      status: 429,
      error: 'temporarily_unavailable',
      code: 90055,
      description: 'There are too many incoming requests.',
    },
    now,
  );
  return { ...throttled, headers: { 'retry-after': String(faults.retryAfterSeconds) } };
}

/** Half reset, a quarter 503, a quarter 429 (both with Retry-After). */
function scoringFault(faults: Faults, random: () => number): EmulatorResponse | undefined {
  const rate = faults.scoringFaultRate ?? 0;
  if (rate <= 0) return undefined;
  const roll = random();
  if (roll >= rate) return undefined;
  if (roll < rate / 2) return { status: 0, reset: true };
  const retryAfter = { 'retry-after': String(faults.retryAfterSeconds) };
  if (roll < (rate * 3) / 4)
    return { status: 503, headers: retryAfter, body: { message: 'Service Unavailable' } };
  return { status: 429, headers: retryAfter, body: { message: 'Too many requests' } };
}
