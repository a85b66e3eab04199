import {
  COMMANDS,
  GLOBAL_FLAGS,
  GLOBAL_SUBSCRIPTION,
  type CommandTable,
  type FlagSpec,
} from './cli-tables.js';

export type { CommandTable } from './cli-tables.js';

export interface ParsedCommand {
  spec: CommandTable;
  /** Values by the flag's first long option (`--file`), `['true']` for switches. */
  values: Record<string, string[]>;
  positional?: string;
  output: string;
}

/** A usage error: argparse's message, which az prints as `ERROR: <message>` and exits with 2. */
export class CliUsageError extends Error {}

const longName = (flag: FlagSpec) =>
  flag.options.find((option) => option.startsWith('--')) ?? flag.options[0]!;
const displayName = (flag: FlagSpec) => flag.options.join('/');

/** The command groups the tables define (`acr`, `acr repository`, ...), for az's "not in the group" error. */
function groups(tables: CommandTable[]): Set<string> {
  const names = new Set<string>();
  for (const table of tables)
    for (let i = 1; i < table.words.length; i++) names.add(table.words.slice(0, i).join(' '));
  return names;
}

function findCommand(argv: string[], tables: CommandTable[]): CommandTable {
  const spec = [...tables]
    .sort((a, b) => b.words.length - a.words.length)
    .find((candidate) => candidate.words.every((word, index) => argv[index] === word));
  if (spec) return spec;
  const firstFlag = argv.findIndex((arg) => arg.startsWith('-'));
  const words = firstFlag < 0 ? argv : argv.slice(0, firstFlag);
  const known = groups(tables);
  for (let i = words.length - 1; i >= 1; i--) {
    const group = words.slice(0, i).join(' ');
    if (known.has(group))
      throw new CliUsageError(
        `az ${group}: '${words[i]}' is not in the 'az ${group}' command group. See 'az ${group} --help'.`,
      );
  }
  throw new CliUsageError(`'${words[0] ?? ''}' is misspelled or not recognized by the system.`);
}

/**
 * Parses argv as az's argparse does for the commands of the tables: unknown flags, missing values and
 * invalid choices are usage errors (exit 2); required arguments are checked before unrecognized ones.
 */
export function parseCommand(argv: string[], tables: CommandTable[] = COMMANDS): ParsedCommand {
  const spec = findCommand(argv, tables);
  const flags: FlagSpec[] = [
    ...Object.values(GLOBAL_FLAGS),
    ...(spec.noGlobalSubscription ||
    Object.values(spec.flags).some((flag) => flag.options.includes('--subscription'))
      ? []
      : [GLOBAL_SUBSCRIPTION]),
    ...Object.values(spec.flags),
  ];
  const lookup = new Map<string, FlagSpec>();
  for (const flag of flags) for (const option of flag.options) lookup.set(option, flag);
  const values: Record<string, string[]> = {};
  let positional: string | undefined;
  const unknown: string[] = [];
  const rest = argv.slice(spec.words.length);
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const [flagText, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const flag = lookup.get(flagText);
    if (!flag) {
      if (!arg.startsWith('-') && spec.positional && positional === undefined) positional = arg;
      else unknown.push(arg);
      continue;
    }
    const key = longName(flag);
    if (!flag.value && !flag.nargs) {
      values[key] = ['true'];
      continue;
    }
    const taken: string[] = inline !== undefined ? [inline] : [];
    const many = flag.nargs !== undefined;
    while (i + 1 < rest.length && !rest[i + 1]!.startsWith('-') && (taken.length === 0 || many))
      taken.push(rest[++i]!);
    if (taken.length === 0 && flag.nargs !== '*')
      throw new CliUsageError(
        `argument ${displayName(flag)}: expected ${flag.nargs === '+' ? 'at least one argument' : 'one argument'}`,
      );
    for (const value of taken)
      if (flag.choices && !flag.choices.includes(value))
        throw new CliUsageError(
          `argument ${displayName(flag)}: invalid choice: '${value}' (choose from ${flag.choices.map((choice) => `'${choice}'`).join(', ')})`,
        );
    values[key] = flag.append ? [...(values[key] ?? []), ...taken] : taken;
  }
  const missing = Object.values(spec.flags)
    .filter((flag) => flag.required && !values[longName(flag)])
    .map(displayName);
  if (spec.positional?.required && positional === undefined) missing.push(spec.positional.name);
  if (missing.length) throw new CliUsageError(`the following arguments are required: ${missing.join(', ')}`);
  if (unknown.length) throw new CliUsageError(`unrecognized arguments: ${unknown.join(' ')}`);
  return { spec, values, positional, output: values['--output']?.[0] ?? 'json' };
}
