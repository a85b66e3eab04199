import * as core from '@actions/core';

/** Sets the step's outputs and says each in the log, so a reader sees what the next job receives. */
export function setOutputs(outputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(outputs)) {
    core.setOutput(name, value);
    core.info(`output ${name}: ${value.length > 200 ? `${value.slice(0, 200)}…` : value}`);
  }
}

export async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  await core.summary.addRaw(markdown, true).write();
}
