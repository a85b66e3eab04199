// Rewrites each action's inputs and outputs tables in README.md from its action.yml (`npm run docs`).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readmeWithTables, repoRoot } from '../action-test/support/action-manifests.js';

const path = join(repoRoot, 'README.md');
writeFileSync(path, readmeWithTables(readFileSync(path, 'utf8')));
console.log('README.md tables rewritten from actions/*/action.yml');
