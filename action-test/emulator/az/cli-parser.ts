/** The flags of one `az` command, as its argument parser knows them. */
export interface CommandSpec {
  words: string[];
  /**
   * Flag name (long form) -> aliases, whether it takes a value, whether it may repeat (argparse's append,
   * one value each time) or take several values at once (argparse's nargs='+').
   */
  flags: Record<
    string,
    { aliases?: string[]; value?: boolean; repeat?: boolean; multiple?: boolean; required?: boolean }
  >;
  positional?: string;
}

export interface ParsedCommand {
  spec: CommandSpec;
  values: Record<string, string[]>;
  positional?: string;
  output: string;
}

const GLOBAL: CommandSpec['flags'] = {
  '--output': { aliases: ['-o'], value: true },
  '--only-show-errors': {},
  '--verbose': {},
  '--debug': {},
  '--query': { value: true },
};

export class CliUsageError extends Error {}

/** Parses argv the way az's argparse does: unknown flags and missing values are usage errors (exit 2). */
export function parseCommand(argv: string[], specs: CommandSpec[]): ParsedCommand {
  const spec = [...specs]
    .sort((a, b) => b.words.length - a.words.length)
    .find((candidate) => candidate.words.every((word, index) => argv[index] === word));
  if (!spec) {
    const words = argv
      .filter((arg) => !arg.startsWith('-'))
      .slice(0, 3)
      .join(' ');
    throw new CliUsageError(`'${words}' is misspelled or not recognized by the system.`);
  }
  const flags = { ...GLOBAL, ...spec.flags };
  const lookup = new Map<string, string>();
  for (const [name, flag] of Object.entries(flags)) {
    lookup.set(name, name);
    for (const alias of flag.aliases ?? []) lookup.set(alias, name);
  }
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
    const name = lookup.get(flagText);
    if (!name) {
      if (!arg.startsWith('-') && spec.positional && positional === undefined) {
        positional = arg;
        continue;
      }
      unknown.push(arg);
      continue;
    }
    const flag = flags[name]!;
    if (!flag.value) {
      values[name] = ['true'];
      continue;
    }
    const taken: string[] = inline !== undefined ? [inline] : [];
    while (i + 1 < rest.length && !rest[i + 1]!.startsWith('-') && (taken.length === 0 || flag.multiple))
      taken.push(rest[++i]!);
    if (taken.length === 0) throw new CliUsageError(`argument ${flagText}: expected one argument`);
    values[name] = [...(flag.multiple || flag.repeat ? (values[name] ?? []) : []), ...taken];
  }
  if (unknown.length) throw new CliUsageError(`unrecognized arguments: ${unknown.join(' ')}`);
  const missing = Object.entries(spec.flags)
    .filter(([name, flag]) => flag.required && !values[name])
    .map(([name]) => name);
  if (missing.length) throw new CliUsageError(`the following arguments are required: ${missing.join(', ')}`);
  if (spec.positional && positional === undefined)
    throw new CliUsageError(`the following arguments are required: ${spec.positional}`);
  return { spec, values, positional, output: values['--output']?.[0] ?? 'json' };
}

const WORKSPACE_FLAGS: CommandSpec['flags'] = {
  '--resource-group': { aliases: ['-g'], value: true, required: true },
  '--workspace-name': { aliases: ['-w'], value: true, required: true },
  '--subscription': { value: true },
};

export const AZ_COMMANDS: CommandSpec[] = [
  {
    words: ['login'],
    flags: {
      '--service-principal': {},
      '--username': { aliases: ['-u'], value: true },
      '--tenant': { aliases: ['-t'], value: true },
      '--federated-token': { value: true },
      '--allow-no-subscriptions': {},
      '--password': { aliases: ['-p'], value: true },
    },
  },
  { words: ['logout'], flags: {} },
  { words: ['account', 'show'], flags: { '--subscription': { aliases: ['-s'], value: true } } },
  {
    words: ['account', 'set'],
    flags: { '--subscription': { aliases: ['-s', '--name', '-n'], value: true, required: true } },
  },
  {
    words: ['account', 'get-access-token'],
    flags: {
      '--scope': { value: true, multiple: true },
      '--resource': { value: true },
      '--subscription': { value: true },
      '--tenant': { aliases: ['-t'], value: true },
    },
  },
  { words: ['cloud', 'set'], flags: { '--name': { aliases: ['-n'], value: true, required: true } } },
  { words: ['version'], flags: {} },
  {
    words: ['extension', 'add'],
    flags: {
      '--name': { aliases: ['-n'], value: true },
      '--version': { value: true },
      '--yes': { aliases: ['-y'] },
      '--upgrade': {},
      '--allow-preview': { value: true },
    },
  },
  { words: ['extension', 'show'], flags: { '--name': { aliases: ['-n'], value: true, required: true } } },
  { words: ['extension', 'list'], flags: {} },
  { words: ['extension', 'remove'], flags: { '--name': { aliases: ['-n'], value: true, required: true } } },
  {
    words: ['ml', 'job', 'create'],
    flags: {
      ...WORKSPACE_FLAGS,
      '--file': { aliases: ['-f'], value: true, required: true },
      '--set': { value: true, multiple: true },
      '--name': { aliases: ['-n'], value: true },
      '--stream': {},
      '--web': { aliases: ['-e'] },
      '--skip-validation': {},
    },
  },
  {
    words: ['ml', 'job', 'show'],
    flags: {
      ...WORKSPACE_FLAGS,
      '--name': { aliases: ['-n'], value: true, required: true },
      '--web': { aliases: ['-e'] },
    },
  },
  {
    words: ['ml', 'job', 'list'],
    flags: {
      ...WORKSPACE_FLAGS,
      '--parent-job-name': { aliases: ['-p'], value: true },
      '--max-results': { aliases: ['-r'], value: true },
      '--all-results': { value: true },
    },
  },
  {
    words: ['ml', 'job', 'cancel'],
    flags: { ...WORKSPACE_FLAGS, '--name': { aliases: ['-n'], value: true, required: true } },
  },
  {
    words: ['ml', 'job', 'download'],
    flags: {
      ...WORKSPACE_FLAGS,
      '--name': { aliases: ['-n'], value: true, required: true },
      '--output-name': { value: true },
      '--download-path': { value: true },
      '--all': {},
    },
  },
  {
    words: ['ml', 'model', 'create'],
    flags: {
      ...WORKSPACE_FLAGS,
      '--name': { aliases: ['-n'], value: true },
      '--version': { aliases: ['-v'], value: true },
      '--path': { aliases: ['-p'], value: true },
      '--type': { value: true },
      '--description': { value: true },
      '--tags': { value: true, multiple: true },
      '--file': { aliases: ['-f'], value: true },
    },
  },
  {
    words: ['ml', 'model', 'show'],
    flags: {
      ...WORKSPACE_FLAGS,
      '--name': { aliases: ['-n'], value: true, required: true },
      '--version': { aliases: ['-v'], value: true },
      '--label': { aliases: ['-l'], value: true },
    },
  },
  {
    words: ['acr', 'build'],
    positional: 'SOURCE_LOCATION',
    flags: {
      '--registry': { aliases: ['-r'], value: true, required: true },
      '--image': { aliases: ['-t'], value: true, repeat: true },
      '--file': { aliases: ['-f'], value: true },
      '--build-arg': { value: true, repeat: true },
      '--platform': { value: true },
      '--timeout': { value: true },
      '--no-logs': {},
      '--no-wait': {},
      '--resource-group': { aliases: ['-g'], value: true },
    },
  },
  {
    words: ['acr', 'repository', 'show'],
    flags: {
      '--name': { aliases: ['-n'], value: true, required: true },
      '--image': { value: true },
      '--repository': { value: true },
    },
  },
  {
    words: ['acr', 'show'],
    flags: {
      '--name': { aliases: ['-n'], value: true, required: true },
      '--resource-group': { aliases: ['-g'], value: true },
    },
  },
];
