// `npm run emulator`: starts the offline emulator and prints the environment that points the actions, `az`
// and Node at it, ready to `eval "$(npm run --silent emulator)"` in another shell, or to paste.
// Options: --port N, --speed N (emulated ms per real ms), --state DIR (keep state across restarts),
// --faults JSON (or NEXT_ITEM_EMULATOR_FAULTS).
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeLoopbackCertificate } from '../support/loopback-certificate.mjs';
import { loadState, saveState } from './persistence.js';
import { startEmulator } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    speed: { type: 'string' },
    state: { type: 'string' },
    faults: { type: 'string' },
  },
});
const stateDir = values.state ? resolve(values.state) : undefined;
const tlsDir = resolve(stateDir ?? join(process.cwd(), '.emulator'));
mkdirSync(tlsDir, { recursive: true });
const { certFile, keyFile } = await writeLoopbackCertificate(tlsDir);
const faults = values.faults ?? process.env.NEXT_ITEM_EMULATOR_FAULTS;
const emulator = await startEmulator({
  port: values.port ? Number(values.port) : 0,
  config: values.speed ? { speed: Number(values.speed) } : {},
  faults: faults ? JSON.parse(faults) : {},
  tls: { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8'), certFile },
});
if (stateDir && loadState(emulator.store, stateDir)) console.error(`# state loaded from ${stateDir}`);

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
for (const [name, value] of Object.entries(emulator.env)) console.log(`export ${name}=${quote(value)}`);
console.log(`export PATH=${quote(emulator.env.NEXT_ITEM_EMULATOR_PATH!)}:"$PATH"`);
console.log(
  `# workspace: subscription ${emulator.config.subscriptionId}, resource group ${emulator.config.resourceGroup}, workspace ${emulator.config.workspace}, registry ${emulator.config.registry}`,
);
console.error(`# next-item emulator on ${emulator.url} (speed ${emulator.config.speed}x); Ctrl-C stops it`);

const stop = async () => {
  if (stateDir) saveState(emulator.store, stateDir);
  await emulator.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
if (stateDir) setInterval(() => saveState(emulator.store, stateDir), 5000).unref();
