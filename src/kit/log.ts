import * as core from '@actions/core';

/** Where the actions write: the workflow log, with the runner's grouping, masking and summary. */
export interface Log {
  info(line: string): void;
  warning(line: string): void;
  /** A fact worth a glance that is not a problem (an annotation on the run, as `core.notice`). */
  notice(line: string): void;
  debug(line: string): void;
  group<T>(title: string, body: () => Promise<T>): Promise<T>;
}

export const workflowLog: Log = {
  info: (line) => core.info(line),
  warning: (line) => core.warning(line),
  notice: (line) => core.notice(line),
  debug: (line) => core.debug(line),
  group: (title, body) => core.group(title, body),
};

/** A log that keeps lines in memory: for tests and for collecting a tail to show in a summary. */
export function memoryLog(): Log & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (line) => lines.push(line),
    warning: (line) => lines.push(`warning: ${line}`),
    notice: (line) => lines.push(`notice: ${line}`),
    debug: (line) => lines.push(`debug: ${line}`),
    group: async (title, body) => {
      lines.push(`group: ${title}`);
      try {
        return await body();
      } finally {
        lines.push('endgroup');
      }
    },
  };
}
