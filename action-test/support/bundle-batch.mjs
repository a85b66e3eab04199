// Runs several action entries in one Node process, one after another (run-bundle.ts, runBundles): for each,
// the process environment becomes that run's own (INPUT_*, GITHUB_OUTPUT, its tripwire az on PATH), its
// stdout and stderr are captured, and its bundle entry is imported afresh (a query string makes Node load
// the module again). An entry ends with process.exit(): here that ends the run, with process.exitCode as
// its exit code, and the next run starts with a clean exit code.
//   node bundle-batch.mjs <cases.json: [{ entry, env }]> <results.json: [{ exitCode, stdout, stderr }]>
import { Buffer } from 'node:buffer';
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [casesFile, resultsFile] = process.argv.slice(2);
const cases = JSON.parse(readFileSync(casesFile, 'utf8'));
const write = { stdout: process.stdout.write, stderr: process.stderr.write };
const realExit = process.exit;
const results = [];

for (const [index, { entry, env }] of cases.entries()) {
  for (const name of Object.keys(process.env)) delete process.env[name];
  Object.assign(process.env, env);
  const captured = { stdout: '', stderr: '' };
  for (const stream of ['stdout', 'stderr'])
    process[stream].write = (chunk, encoding, done) => {
      captured[stream] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      if (typeof encoding === 'function') encoding();
      else if (typeof done === 'function') done();
      return true;
    };
  let exited = false;
  process.exit = (code) => {
    if (code !== undefined) process.exitCode = code;
    exited = true;
  };
  process.exitCode = undefined;
  try {
    await import(`${pathToFileURL(entry).href}?run=${index}`);
  } catch (error) {
    captured.stderr += `${error?.stack ?? error}\n`;
    process.exitCode = 1;
  }
  process.stdout.write = write.stdout;
  process.stderr.write = write.stderr;
  process.exit = realExit;
  // An entry that returns without process.exit() would, on its own, run on until its work ends: not a batch run.
  if (!exited) captured.stderr += 'bundle-batch: the entry returned without process.exit()\n';
  results.push({ exitCode: exited ? Number(process.exitCode ?? 0) : 1, ...captured });
}
process.exitCode = 0;
writeFileSync(resultsFile, JSON.stringify(results));
