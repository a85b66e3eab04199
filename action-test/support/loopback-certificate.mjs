// A self-signed certificate for 127.0.0.1 and localhost, written as cert.pem and key.pem into a folder, and the
// emulated issuers' signing keys beside it.
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import selfsigned from 'selfsigned';

export async function writeLoopbackCertificate(dir) {
  const notAfter = new Date(Date.now() + 7 * 24 * 3600 * 1000);
  const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  writeFileSync(certFile, pems.cert);
  writeFileSync(keyFile, pems.private, { mode: 0o600 });
  return { certFile, keyFile };
}

/**
 * RSA signing keys for the emulated token issuers (GitHub's OIDC and Entra), written as signing-<n>.pem: made
 * once per test run rather than by every test file's emulator, which spent 100-200 ms of CPU on each.
 */
export function writeSigningKeys(dir, count = 2) {
  for (let n = 0; n < count; n++) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(join(dir, `signing-${n}.pem`), privateKey.export({ type: 'pkcs8', format: 'pem' }), {
      mode: 0o600,
    });
  }
}
