// Starts Jest in ESM mode with a loopback TLS certificate every process of the run trusts: test servers
// (the Entra and ARM stand-ins) serve HTTPS with it, and Node reads NODE_EXTRA_CA_CERTS only at start-up.
// Every temporary folder of the run (the tests', the bundles', the az shim's homes) goes under one folder,
// named by TMPDIR for Jest and everything it starts, and that folder is removed when Jest ends.
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeLoopbackCertificate, writeSigningKeys } from '../action-test/support/loopback-certificate.mjs';

const root = resolve(import.meta.dirname, '..');
// In memory where the machine has a tmpfs: a workflow run's jobs each check out and then remove a copy of the
// repository, and creating files where many were just deleted cost ext4 a quarter of the suite's system time.
const runTmp = mkdtempSync(join(writableDir('/dev/shm') ?? tmpdir(), 'next-item-test-'));
const tlsDir = join(runTmp, 'tls');
mkdirSync(tlsDir);
const { certFile } = await writeLoopbackCertificate(tlsDir);
writeSigningKeys(tlsDir);
// The Node the project pins (the `node` devDependency, as `engines` asks, and the actions' node24), whichever
// `node` started this script: `npm test` finds it on npm's PATH, a bare `node scripts/run-jest.mjs` may not (an
// older system Node ran the same suite with about 40% more CPU), and every action bundle runs on Jest's Node.
const pinnedNode = join(root, 'node_modules/node/bin/node');
// V8's compile cache (Node 22.1+) for Jest's own modules (TypeScript among them), kept between runs.
const compileCache = join(root, 'node_modules/.cache/node-compile-cache');
const child = spawn(
  existsSync(pinnedNode) ? pinnedNode : process.execPath,
  [
    '--experimental-vm-modules',
    '--no-warnings=ExperimentalWarning',
    join(root, 'node_modules/jest/bin/jest.js'),
    ...process.argv.slice(2),
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      NODE_EXTRA_CA_CERTS: certFile,
      NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE ?? compileCache,
      NEXT_ITEM_TLS_DIR: tlsDir,
      TMPDIR: runTmp,
      TMP: runTmp,
      TEMP: runTmp,
    },
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  rmSync(runTmp, { recursive: true, force: true });
  process.exit(code ?? (signal ? 1 : 0));
});

/** `dir` when it is a folder this process may write to, else undefined. */
function writableDir(dir) {
  try {
    accessSync(dir, constants.W_OK);
    return statSync(dir).isDirectory() ? dir : undefined;
  } catch {
    return undefined;
  }
}
