import { describe, expect, it } from '@jest/globals';
import {
  buildFailureCause,
  buildFailureMessage,
  buildFailureSummary,
} from '../../src/actions/build-triton/failure-summary.js';

/** A failed run's log as ACR Tasks prints it (the emulator's failAcrBuild shape, audit scenario 11). */
const LOG = [
  'Packing source code into tar to upload...',
  'Uploading archived source code from /tmp/build_archive_ca1.tar.gz...',
  '2026/11/26 10:00:00 Downloading source code...',
  '2026/11/26 10:00:01 Finished downloading source code',
  'Step 1/4 : ARG BASE_IMAGE',
  'Step 2/4 : FROM ${BASE_IMAGE}',
  'Step 3/4 : RUN pip install merlin-systems==99',
  'Collecting merlin-systems==99',
  'ERROR: No matching distribution found for merlin-systems==99',
  "The command '/bin/sh -c pip install merlin-systems==99' returned a non-zero code: 1",
  'Run ID: ca1 failed after 2m14s. Error: failed during run, err: exit status 1',
].join('\n');

describe('a failed ACR build, cause first', () => {
  it('names the failing Dockerfile step and the line that says why, not the CLI chatter', () => {
    expect(buildFailureCause(LOG)).toEqual({
      step: 'Step 3/4 : RUN pip install merlin-systems==99',
      error: 'ERROR: No matching distribution found for merlin-systems==99',
    });
    expect(buildFailureSummary('next-item-triton:ctx-1', 'acrnextitem', LOG).split('\n')[0]).toBe(
      '## ❌ Image build of next-item-triton:ctx-1 in acrnextitem failed at Step 3/4 : RUN pip install merlin-systems==99: ERROR: No matching distribution found for merlin-systems==99',
    );
  });

  it('puts the same cause first in the error message, then how the run ended and the log tail', () => {
    const lines = buildFailureMessage(
      'next-item-triton:ctx-1',
      'acrnextitem',
      'run ca1 ended Failed',
      LOG,
    ).split('\n');
    expect(lines[0]).toBe(
      'ACR build of next-item-triton:ctx-1 in acrnextitem failed at Step 3/4 : RUN pip install merlin-systems==99: ERROR: No matching distribution found for merlin-systems==99 (run ca1 ended Failed)',
    );
    expect(lines[1]).toBe('Last lines of the build log:');
    expect(lines.at(-1)).toMatch(/^Run ID: ca1 failed after/);
  });

  it('without a step or an error line, says what it has', () => {
    expect(
      buildFailureCause('Run ID: ca2 failed after 1s. Error: failed during run, err: exit status 1'),
    ).toEqual({
      step: undefined,
      error: undefined,
    });
    expect(buildFailureCause('Step 1/2 : FROM x\nsomething odd happened')).toEqual({
      step: 'Step 1/2 : FROM x',
      error: 'something odd happened',
    });
  });
});
