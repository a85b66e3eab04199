/**
 * The commands and flags the emulator's `az` accepts: only those the real CLI defines, for the commands the
 * project and its tests run. Each table names the source it was read from (repository, commit, path). A
 * command's arguments are the parameters of its Python function; their option strings come from the
 * `argument_context` registrations of the module (MIT-licensed sources; nothing is copied but the option names).
 *
 * Not every flag the real command has is listed where the emulator could not honour it; every flag listed
 * exists on the real command.
 */
export interface Source {
  repository: string;
  commit: string;
  path: string;
}

export interface FlagSpec {
  /** Option strings in the order the CLI registers them (argparse names a flag by them joined with '/'). */
  options: string[];
  /** Takes a value. */
  value?: boolean;
  /** argparse `action='append'`: one value each time, repeatable. */
  append?: boolean;
  /** argparse `nargs='+'` or `'*'`: all following non-flag words. */
  nargs?: '+' | '*';
  required?: boolean;
  choices?: string[];
}

export interface CommandTable {
  words: string[];
  sources: Source[];
  flags: Record<string, FlagSpec>;
  positional?: { name: string; required: boolean };
  /** The module calls `c.ignore('_subscription')`: the global --subscription is not added. */
  noGlobalSubscription?: boolean;
}

const CLI = 'Azure/azure-cli';
const EXT = 'Azure/azure-cli-extensions';
const MODULES = 'src/azure-cli/azure/cli/command_modules';

export const SOURCES = {
  /** `register_global_subscription_argument`: --subscription on every command without its own. */
  coreParameters: {
    repository: CLI,
    commit: 'dfa60142980c9b82b8bbb684cb073084b0597b27',
    path: 'src/azure-cli-core/azure/cli/core/commands/arm.py',
  },
  profile: {
    repository: CLI,
    commit: '39505ed82c68b58258c2a74570b802d945eb8786',
    path: `${MODULES}/profile/__init__.py`,
  },
  cloud: {
    repository: CLI,
    commit: '29aa9fadb1cd2785beb15028665eb85fcf8da599',
    path: `${MODULES}/cloud/__init__.py`,
  },
  extension: {
    repository: CLI,
    commit: '29aa9fadb1cd2785beb15028665eb85fcf8da599',
    path: `${MODULES}/extension/__init__.py`,
  },
  util: {
    repository: CLI,
    commit: '0e87a5cc80b2e70327b5ca28979e316b42437008',
    path: `${MODULES}/util/commands.py`,
  },
  acrParams: {
    repository: CLI,
    commit: '1fd21e4d094cdc3f86fb612ef61201c7e85da3aa',
    path: `${MODULES}/acr/_params.py`,
  },
  acrBuild: {
    repository: CLI,
    commit: '0033cb0e135d4cf09ad8fc9f3ddee4270b805d63',
    path: `${MODULES}/acr/build.py`,
  },
  acrRepository: {
    repository: CLI,
    commit: '02fc735297c03788a9c55e5281fe6d594e2ecd50',
    path: `${MODULES}/acr/repository.py`,
  },
  acrTask: {
    repository: CLI,
    commit: '444d711038d39e466b7b5f8bc289300ef66bd72a',
    path: `${MODULES}/acr/task.py`,
  },
  mlJob: {
    repository: EXT,
    commit: '237035d2f87a01b6e3354bf9036fd390e346e19a',
    path: 'src/machinelearningservices/azext_mlv2/manual/_params/_job_params.py',
  },
  mlCommon: {
    repository: EXT,
    commit: 'cfc11d8ecb4f98e3d9c3dac4c742a05030c0abfe',
    path: 'src/machinelearningservices/azext_mlv2/manual/_params/_common_params.py',
  },
} satisfies Record<string, Source>;

/** knack's and azure-cli-core's global arguments, on every command. */
export const GLOBAL_FLAGS: Record<string, FlagSpec> = {
  output: {
    options: ['--output', '-o'],
    value: true,
    choices: ['json', 'jsonc', 'none', 'table', 'tsv', 'yaml', 'yamlc'],
  },
  query: { options: ['--query'], value: true },
  verbose: { options: ['--verbose'] },
  debug: { options: ['--debug'] },
  only_show_errors: { options: ['--only-show-errors'] },
};

export const GLOBAL_SUBSCRIPTION: FlagSpec = { options: ['--subscription'], value: true };

const RESOURCE_GROUP: FlagSpec = { options: ['--resource-group', '-g'], value: true };
const ACCOUNT_SUBSCRIPTION: FlagSpec = { options: ['--subscription', '-s', '--name', '-n'], value: true };

/** `add_common_params`: resource group and workspace, both parameters without defaults in the ml functions. */
const ML_WORKSPACE: Record<string, FlagSpec> = {
  resource_group_name: { ...RESOURCE_GROUP, required: true },
  workspace_name: { options: ['--workspace-name', '-w'], value: true, required: true },
};
const ML_JOB_NAME: FlagSpec = { options: ['--name', '-n'], value: true };
const ML_SOURCES = [SOURCES.mlJob, SOURCES.mlCommon];

/** `acr repository` commands: registry by --name, a hidden deprecated --resource-group, the login overrides. */
const ACR_DATA_PLANE: Record<string, FlagSpec> = {
  registry_name: { options: ['--name', '-n'], value: true, required: true },
  resource_group_name: RESOURCE_GROUP,
  tenant_suffix: { options: ['--suffix'], value: true },
  username: { options: ['--username', '-u'], value: true },
  password: { options: ['--password', '-p'], value: true },
};
const ACR_TASK: Record<string, FlagSpec> = {
  registry_name: { options: ['--registry', '-r'], value: true, required: true },
  resource_group_name: RESOURCE_GROUP,
};

export const COMMANDS: CommandTable[] = [
  {
    words: ['login'],
    sources: [SOURCES.profile],
    noGlobalSubscription: true,
    flags: {
      username: { options: ['--username', '-u'], value: true },
      password: { options: ['--password', '-p'], value: true },
      tenant: { options: ['--tenant', '-t'], value: true },
      scopes: { options: ['--scope'], nargs: '+' },
      allow_no_subscriptions: { options: ['--allow-no-subscriptions'] },
      claims_challenge: { options: ['--claims-challenge'], value: true },
      use_device_code: { options: ['--use-device-code'] },
      service_principal: { options: ['--service-principal'] },
      certificate: { options: ['--certificate'], value: true },
      use_cert_sn_issuer: { options: ['--use-cert-sn-issuer'] },
      client_assertion: { options: ['--federated-token'], value: true },
      identity: { options: ['-i', '--identity'] },
      client_id: { options: ['--client-id'], value: true },
      object_id: { options: ['--object-id'], value: true },
      resource_id: { options: ['--resource-id'], value: true },
    },
  },
  {
    words: ['logout'],
    sources: [SOURCES.profile],
    noGlobalSubscription: true,
    flags: { username: { options: ['--username'], value: true } },
  },
  {
    words: ['account', 'show'],
    sources: [SOURCES.profile],
    noGlobalSubscription: true,
    flags: { subscription: ACCOUNT_SUBSCRIPTION },
  },
  {
    words: ['account', 'set'],
    sources: [SOURCES.profile],
    noGlobalSubscription: true,
    flags: { subscription: { ...ACCOUNT_SUBSCRIPTION, required: true } },
  },
  {
    words: ['account', 'get-access-token'],
    sources: [SOURCES.profile],
    noGlobalSubscription: true,
    flags: {
      subscription: ACCOUNT_SUBSCRIPTION,
      resource_type: {
        options: ['--resource-type'],
        value: true,
        choices: ['oss-rdbms', 'arm', 'aad-graph', 'ms-graph', 'batch', 'media', 'data-lake'],
      },
      resource: { options: ['--resource'], value: true },
      scopes: { options: ['--scope'], nargs: '*' },
      tenant: { options: ['--tenant', '-t'], value: true },
    },
  },
  {
    words: ['cloud', 'set'],
    sources: [SOURCES.cloud],
    noGlobalSubscription: true,
    flags: {
      cloud_name: { options: ['--name', '-n'], value: true, required: true },
      profile: { options: ['--profile'], value: true },
    },
  },
  { words: ['version'], sources: [SOURCES.util], flags: {} },
  {
    words: ['extension', 'add'],
    sources: [SOURCES.extension],
    noGlobalSubscription: true,
    flags: {
      extension_name: { options: ['--name', '-n'], value: true },
      source: { options: ['--source', '-s'], value: true },
      yes: { options: ['--yes', '-y'] },
      version: { options: ['--version'], value: true },
      upgrade: { options: ['--upgrade'] },
      pip_proxy: { options: ['--pip-proxy'], value: true },
      pip_extra_index_urls: { options: ['--pip-extra-index-urls'], nargs: '+' },
      system: { options: ['--system'] },
      allow_preview: { options: ['--allow-preview'], value: true, choices: ['true', 'false'] },
    },
  },
  {
    words: ['extension', 'show'],
    sources: [SOURCES.extension],
    noGlobalSubscription: true,
    flags: { extension_name: { options: ['--name', '-n'], value: true, required: true } },
  },
  { words: ['extension', 'list'], sources: [SOURCES.extension], noGlobalSubscription: true, flags: {} },
  {
    words: ['extension', 'remove'],
    sources: [SOURCES.extension],
    noGlobalSubscription: true,
    flags: { extension_name: { options: ['--name', '-n'], value: true, required: true } },
  },
  {
    words: ['ml', 'job', 'create'],
    sources: ML_SOURCES,
    flags: {
      ...ML_WORKSPACE,
      name: ML_JOB_NAME,
      params_override: { options: ['--set'], nargs: '+', append: true },
      skip_validation: { options: ['--skip-validation'] },
      file: { options: ['--file', '-f'], value: true, required: true },
      save_as: { options: ['--save-as', '-a'], value: true },
      stream: { options: ['--stream', '-s'] },
      web: { options: ['--web', '-e'] },
    },
  },
  {
    words: ['ml', 'job', 'show'],
    sources: ML_SOURCES,
    flags: { ...ML_WORKSPACE, name: { ...ML_JOB_NAME, required: true }, web: { options: ['--web', '-e'] } },
  },
  {
    words: ['ml', 'job', 'list'],
    sources: ML_SOURCES,
    flags: {
      ...ML_WORKSPACE,
      max_results: { options: ['--max-results', '-r'], value: true },
      all_results: { options: ['--all-results'], value: true, choices: ['true', 'false'] },
      include_archived: { options: ['--include-archived'] },
      archived_only: { options: ['--archived-only'] },
      parent_job_name: { options: ['--parent-job-name', '-p'], value: true },
    },
  },
  {
    words: ['ml', 'job', 'cancel'],
    sources: ML_SOURCES,
    flags: { ...ML_WORKSPACE, name: { ...ML_JOB_NAME, required: true }, no_wait: { options: ['--no-wait'] } },
  },
  {
    words: ['ml', 'job', 'download'],
    sources: ML_SOURCES,
    flags: {
      ...ML_WORKSPACE,
      name: { ...ML_JOB_NAME, required: true },
      download_path: { options: ['--download-path', '-p'], value: true },
      output_name: { options: ['--output-name'], value: true },
      all: { options: ['--all'] },
    },
  },
  {
    words: ['acr', 'build'],
    sources: [SOURCES.acrParams, SOURCES.acrBuild],
    positional: { name: 'SOURCE_LOCATION', required: true },
    flags: {
      registry_name: { options: ['--registry', '-r'], value: true, required: true },
      image_names: { options: ['--image', '-t'], value: true, append: true },
      resource_group_name: RESOURCE_GROUP,
      agent_pool_name: { options: ['--agent-pool'], value: true },
      timeout: { options: ['--timeout'], value: true },
      arg: { options: ['--build-arg'], value: true, append: true },
      secret_arg: { options: ['--secret-build-arg'], value: true, append: true },
      docker_file_path: { options: ['--file', '-f'], value: true },
      no_format: { options: ['--no-format'] },
      no_push: { options: ['--no-push'] },
      no_logs: { options: ['--no-logs'] },
      no_wait: { options: ['--no-wait'] },
      platform: { options: ['--platform'], value: true },
      target: { options: ['--target'], value: true },
      log_template: { options: ['--log-template'], value: true },
    },
  },
  {
    words: ['acr', 'repository', 'show'],
    sources: [SOURCES.acrParams, SOURCES.acrRepository],
    flags: {
      ...ACR_DATA_PLANE,
      repository: { options: ['--repository'], value: true },
      image: { options: ['--image', '-t'], value: true },
    },
  },
  {
    words: ['acr', 'repository', 'show-tags'],
    sources: [SOURCES.acrParams, SOURCES.acrRepository],
    flags: {
      ...ACR_DATA_PLANE,
      repository: { options: ['--repository'], value: true, required: true },
      top: { options: ['--top'], value: true },
      orderby: { options: ['--orderby'], value: true, choices: ['time_asc', 'time_desc'] },
      detail: { options: ['--detail'] },
    },
  },
  {
    words: ['acr', 'repository', 'list'],
    sources: [SOURCES.acrParams, SOURCES.acrRepository],
    flags: { ...ACR_DATA_PLANE, top: { options: ['--top'], value: true } },
  },
  {
    words: ['acr', 'task', 'show-run'],
    sources: [SOURCES.acrParams, SOURCES.acrTask],
    flags: { ...ACR_TASK, run_id: { options: ['--run-id'], value: true, required: true } },
  },
  {
    words: ['acr', 'task', 'logs'],
    sources: [SOURCES.acrParams, SOURCES.acrTask],
    flags: {
      ...ACR_TASK,
      run_id: { options: ['--run-id'], value: true },
      task_name: { options: ['--name', '-n'], value: true },
      image: { options: ['--image', '-t'], value: true },
      no_format: { options: ['--no-format'] },
    },
  },
];
