import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Claims = Record<string, unknown> & {
  iss?: string;
  sub?: string;
  aud?: string;
  exp?: number;
  nbf?: number;
  iat?: number;
};

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * RSA key pairs reused in turn: making one costs 100-200 ms of CPU, and every emulator makes two (GitHub's and
 * Entra's), so a test file that starts an emulator per test spent seconds on them. The test launcher makes them
 * once per run (signing-<n>.pem beside its certificate, NEXT_ITEM_TLS_DIR); elsewhere this process makes them.
 * An emulator's two keys still differ, and every key has its own key id, which verifyJwt matches first: a
 * token signed for one emulator, or by the other issuer, is still refused.
 */
const KEY_PAIRS_PER_PROCESS = 2;
const keyPairs: { privateKey: KeyObject; publicKey: KeyObject }[] = [];
let keysMade = 0;
function reusedKeyPair() {
  const slot = keysMade++ % KEY_PAIRS_PER_PROCESS;
  keyPairs[slot] ??= launcherKeyPair(slot) ?? generateKeyPairSync('rsa', { modulusLength: 2048 });
  return keyPairs[slot];
}

function launcherKeyPair(slot: number): { privateKey: KeyObject; publicKey: KeyObject } | undefined {
  const dir = process.env.NEXT_ITEM_TLS_DIR;
  const file = dir && join(dir, `signing-${slot}.pem`);
  if (!file || !existsSync(file)) return undefined;
  const privateKey = createPrivateKey(readFileSync(file));
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/** An RS256 signing key with its key id, as an OIDC issuer publishes it. */
export class SigningKey {
  readonly kid = randomUUID();
  private readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;

  constructor() {
    const pair = reusedKeyPair();
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  sign(claims: Claims): string {
    const head = encode({ alg: 'RS256', typ: 'JWT', kid: this.kid });
    const body = encode(claims);
    const signature = sign('RSA-SHA256', Buffer.from(`${head}.${body}`), this.privateKey).toString(
      'base64url',
    );
    return `${head}.${body}.${signature}`;
  }

  jwk(): Record<string, string> {
    return {
      ...(this.publicKey.export({ format: 'jwk' }) as Record<string, string>),
      kid: this.kid,
      use: 'sig',
      alg: 'RS256',
    };
  }
}

export type Verified = { ok: true; claims: Claims } | { ok: false; reason: 'malformed' | 'signature' };

/** Checks the signature against the given keys (by kid); claim checks are the caller's. */
export function verifyJwt(token: string, keys: Array<{ kid: string; publicKey: KeyObject }>): Verified {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString()) as {
      kid?: string;
      alg?: string;
    };
    const key = keys.find((candidate) => candidate.kid === header.kid);
    if (!key || header.alg !== 'RS256') return { ok: false, reason: 'signature' };
    const good = verify(
      'RSA-SHA256',
      Buffer.from(`${parts[0]}.${parts[1]}`),
      key.publicKey,
      Buffer.from(parts[2]!, 'base64url'),
    );
    if (!good) return { ok: false, reason: 'signature' };
    return { ok: true, claims: JSON.parse(Buffer.from(parts[1]!, 'base64url').toString()) as Claims };
  } catch {
    return { ok: false, reason: 'malformed' };
  }
}

export function publicKeyFromJwk(jwk: Record<string, string>): KeyObject {
  return createPublicKey({ key: jwk, format: 'jwk' });
}
