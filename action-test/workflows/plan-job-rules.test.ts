import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { CLOUD_NAMES } from '../../src/azure/clouds.js';
import { NAME_RULES } from '../../src/kit/names.js';

/**
 * The plan job of next-item.yml checks a few inputs in bash before any action runs. Until that check moves into
 * an action, its patterns must stay the actions' own: this test holds the two copies together.
 */
const workflow = parse(
  readFileSync(join(resolve(import.meta.dirname, '../..'), '.github/workflows/next-item.yml'), 'utf8'),
) as { jobs: { plan: { steps: Array<{ run?: string }> } } };
const script = workflow.jobs.plan.steps.map((step) => step.run ?? '').join('\n');

/** The pattern bash matches `$name` against (`$NAME =~ <pattern> ]]`). */
function bashPattern(name: string): string | undefined {
  return new RegExp(`\\$${name} =~ (\\S+) \\]\\]`).exec(script)?.[1];
}

describe("the plan job's input checks", () => {
  it.each([
    ['MODEL_VERSION', NAME_RULES.assetVersion.pattern],
    ['MODEL_NAME', NAME_RULES.asset.pattern],
    ['MODEL_JOB', NAME_RULES.job.pattern],
  ])('checks %s with the pattern the actions use', (name, rule) => {
    expect(bashPattern(name)).toBe(rule.source);
  });

  it('accepts exactly the clouds the actions know', () => {
    expect(bashPattern('CLOUD')).toBe(`^(${CLOUD_NAMES.join('|')})$`);
  });
});
