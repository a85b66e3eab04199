/**
 * The few pieces of the runner's protocol an action needs before its inputs are known to be good.
 * `@actions/core` takes longer to load than a bare Node start, so the validation path, which must stay
 * fast and must fail before anything else loads, speaks the protocol itself. Everything after uses core.
 */
export type InputSource = (name: string) => string;

/** Reads `INPUT_<NAME>` the way the runner sets it (name upper-cased, spaces as underscores), trimmed. */
export function inputsFromEnv(env: NodeJS.ProcessEnv = process.env): InputSource {
  return (name) => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** One `::error::` line, however many lines the message has; the step then fails. */
export function reportFailure(
  message: string,
  write: (line: string) => void = (l) => process.stdout.write(l),
): void {
  write(`::error::${escapeData(message)}\n`);
  process.exitCode = 1;
}
