// Benchmarks that talk to the emulator over HTTPS need Node to trust its certificate, and Node reads
// NODE_EXTRA_CA_CERTS only at start-up: the first run makes a certificate and re-runs the script in a child
// that trusts it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmulatorOptions } from '../action-test/emulator/server.js';
import { writeLoopbackCertificate } from '../action-test/support/loopback-certificate.mjs';

/** True in the first run, before the re-run: work that needs no HTTPS belongs there. */
export const isLauncher = !process.env.BENCH_TLS_DIR;

/** In the re-run, the emulator's TLS options; in the first run, starts the re-run and returns undefined. */
export async function relaunchTrustingLoopback(): Promise<EmulatorOptions['tls'] | undefined> {
  const dir = process.env.BENCH_TLS_DIR;
  if (dir) {
    const certFile = join(dir, 'cert.pem');
    return {
      cert: readFileSync(certFile, 'utf8'),
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      certFile,
    };
  }
  const fresh = mkdtempSync(join(tmpdir(), 'bench-tls-'));
  const { certFile } = await writeLoopbackCertificate(fresh);
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: certFile, NEXT_ITEM_TLS_DIR: fresh, BENCH_TLS_DIR: fresh },
  });
  child.on('exit', (code) => process.exit(code ?? 1));
  return undefined;
}
