// Regenerates action-test/contracts/*.json, the subset of Microsoft's Azure REST API specs (Swagger 2.0) that
// the actions call, from the full files of Azure/azure-rest-api-specs (default: ../shared/contracts/, see its
// SOURCE.md). Only the operations listed below are kept, each with its path-level parameters merged in and every
// parameter `$ref` inlined; every definition they reach (and the subtypes of a reached polymorphic base) is copied,
// `$ref`s rewritten to point inside the one output file. `x-ms-examples` are dropped. The output is stable:
// rerunning on the same sources gives the same bytes.
//
//   node scripts/vendor-contracts.mjs [--from <azure-rest-api-specs folder>] [--check]
//
// --check compares instead of writing and exits 1 when the committed files differ.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative, resolve, posix } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const from = resolve(
  args.includes('--from')
    ? args[args.indexOf('--from') + 1]
    : join(root, '..', 'shared', 'contracts', 'azure-rest-api-specs'),
);
const check = args.includes('--check');
const out = join(root, 'action-test', 'contracts');

const ML =
  'specification/machinelearningservices/resource-manager/Microsoft.MachineLearningServices/stable/2025-12-01';
const ACR = 'specification/containerregistry/resource-manager/Microsoft.ContainerRegistry/stable/2023-07-01';

/** What each vendored file holds: its primary spec file and the operations (by operationId) taken from each source. */
const BUNDLES = [
  {
    file: 'machinelearningservices-2025-12-01.json',
    title:
      'Azure Machine Learning (Microsoft.MachineLearningServices 2025-12-01), subset used by next-item-actions',
    primary: `${ML}/mfe.json`,
    operations: {
      [`${ML}/workspaceRP.json`]: ['Workspaces_Get'],
      [`${ML}/mfe.json`]: [
        'Jobs_List',
        'Jobs_Get',
        'Jobs_Cancel',
        'Jobs_CreateOrUpdate',
        'ModelContainers_Get',
        'ModelContainers_CreateOrUpdate',
        'ModelVersions_List',
        'ModelVersions_Get',
        'ModelVersions_CreateOrUpdate',
        'EnvironmentVersions_Get',
        'EnvironmentVersions_CreateOrUpdate',
        'DataContainers_Get',
        'DataVersions_List',
        'DataVersions_Get',
        'DataVersions_CreateOrUpdate',
        'OnlineEndpoints_Get',
        'OnlineEndpoints_CreateOrUpdate',
        'OnlineEndpoints_Delete',
        'OnlineEndpoints_ListKeys',
        'OnlineEndpoints_GetToken',
        'OnlineDeployments_List',
        'OnlineDeployments_Get',
        'OnlineDeployments_CreateOrUpdate',
        'OnlineDeployments_Delete',
        'OnlineDeployments_GetLogs',
      ],
    },
    // The ARM async-operation contract the polling follows: its status body is common-types' OperationStatusResult.
    extraDefinitions: [
      ['specification/common-types/resource-management/v3/types.json', 'OperationStatusResult'],
    ],
  },
  {
    file: 'containerregistry-2023-07-01.json',
    title:
      'Azure Container Registry (Microsoft.ContainerRegistry 2023-07-01), subset used by next-item-actions',
    primary: `${ACR}/containerregistry.json`,
    operations: { [`${ACR}/containerregistry.json`]: ['Registries_Get'] },
    extraDefinitions: [],
  },
];

/**
 * containerregistry.json (2023-07-01) takes three parameters from common-types v5, which ../shared does not hold.
 * They are copied here verbatim from Azure/azure-rest-api-specs at 05432ee0bc8a3feb5bc0f6fd21f49bb7aeaf13af,
 * `specification/common-types/resource-management/v5/types.json#/parameters/…`.
 */
const COMMON_TYPES_V5_PARAMETERS = {
  ApiVersionParameter: {
    name: 'api-version',
    in: 'query',
    description: 'The API version to use for this operation.',
    required: true,
    type: 'string',
    minLength: 1,
    'x-ms-parameter-location': 'client',
    'x-ms-client-name': 'apiVersion',
  },
  SubscriptionIdParameter: {
    name: 'subscriptionId',
    in: 'path',
    description: 'The ID of the target subscription. The value must be an UUID.',
    required: true,
    type: 'string',
    format: 'uuid',
    'x-ms-parameter-location': 'client',
  },
  ResourceGroupNameParameter: {
    name: 'resourceGroupName',
    in: 'path',
    description: 'The name of the resource group. The name is case insensitive.',
    required: true,
    type: 'string',
    minLength: 1,
    maxLength: 90,
    pattern: '^[-\\w\\._\\(\\)]+$',
    'x-ms-parameter-location': 'method',
  },
};
const V5_TYPES = 'specification/common-types/resource-management/v5/types.json';

const cache = new Map();
let usedV5 = false;
function load(file) {
  if (file === V5_TYPES) usedV5 = true;
  if (file === V5_TYPES) return { parameters: COMMON_TYPES_V5_PARAMETERS, definitions: {} };
  if (!cache.has(file)) {
    const full = join(from, file);
    if (!existsSync(full)) throw new Error(`${full} is missing: pass --from <azure-rest-api-specs folder>.`);
    cache.set(file, JSON.parse(readFileSync(full, 'utf8')));
  }
  return cache.get(file);
}

/** `ref` as written in `file`: the file it names and the pointer inside it. */
function target(file, ref) {
  const [path, pointer = ''] = ref.split('#');
  return { file: path ? posix.normalize(posix.join(posix.dirname(file), path)) : file, pointer };
}

/** The definition names in the output: the primary file's own, the others prefixed by their source file. */
function nameFor(bundle, file, name) {
  if (file === bundle.primary) return name;
  const stem = posix.basename(file, '.json');
  const version = /common-types\/resource-management\/(v\d+)\//.exec(file)?.[1];
  return `${version ? `common-${version}-` : ''}${stem}.${name}`;
}

function vendor(bundle) {
  const definitions = {};
  const queue = [];
  const want = (file, name) => {
    const key = nameFor(bundle, file, name);
    if (!(key in definitions)) {
      definitions[key] = null;
      queue.push({ file, name, key });
    }
    return key;
  };

  /** A copy of `value` (found in `file`) with definition refs rewritten and parameter refs inlined. */
  const rewrite = (file, value) => {
    if (Array.isArray(value)) return value.map((item) => rewrite(file, item));
    if (!value || typeof value !== 'object') return value;
    if (typeof value.$ref === 'string') {
      const { file: refFile, pointer } = target(file, value.$ref);
      const definition = /^\/definitions\/([^/]+)$/.exec(pointer);
      const parameter = /^\/parameters\/([^/]+)$/.exec(pointer);
      const rest = Object.fromEntries(Object.entries(value).filter(([key]) => key !== '$ref'));
      if (definition)
        return { $ref: `#/definitions/${want(refFile, definition[1])}`, ...rewrite(file, rest) };
      if (parameter) {
        const found = load(refFile).parameters?.[parameter[1]];
        if (!found) throw new Error(`${value.$ref} (from ${file}) not found`);
        return rewrite(refFile, found);
      }
      throw new Error(`Unsupported $ref ${value.$ref} in ${file}`);
    }
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== 'x-ms-examples')
        .map(([key, item]) => [key, rewrite(file, item)]),
    );
  };

  const paths = {};
  for (const [file, ids] of Object.entries(bundle.operations)) {
    const spec = load(file);
    for (const id of ids) {
      const found = Object.entries(spec.paths).flatMap(([path, item]) =>
        Object.entries(item)
          .filter(([method, op]) => method !== 'parameters' && op.operationId === id)
          .map(([method, op]) => ({ path, method, op, shared: item.parameters ?? [] })),
      );
      if (found.length !== 1) throw new Error(`${id}: found ${found.length} operations in ${file}`);
      const { path, method, op, shared } = found[0];
      const operation = rewrite(file, { ...op, parameters: [...shared, ...(op.parameters ?? [])] });
      paths[path] ??= {};
      paths[path][method] = operation;
    }
  }
  for (const [file, name] of bundle.extraDefinitions) want(file, name);

  // Copy every reached definition, then the subtypes of every reached polymorphic base, until nothing new comes.
  for (;;) {
    while (queue.length) {
      const { file, name, key } = queue.shift();
      const definition = load(file).definitions?.[name];
      if (!definition) throw new Error(`#/definitions/${name} not found in ${file}`);
      definitions[key] = rewrite(file, definition);
    }
    const bases = new Set(
      Object.entries(definitions)
        .filter(([, d]) => d?.discriminator)
        .map(([k]) => k),
    );
    const files = new Set([bundle.primary, ...Object.keys(bundle.operations)]);
    for (const file of files) {
      for (const [name, definition] of Object.entries(load(file).definitions ?? {})) {
        const parents = (definition.allOf ?? []).map((part) => {
          if (!part.$ref) return undefined;
          const { file: refFile, pointer } = target(file, part.$ref);
          return nameFor(bundle, refFile, pointer.replace('/definitions/', ''));
        });
        if (parents.some((parent) => bases.has(parent))) want(file, name);
      }
    }
    if (!queue.length) break;
  }

  const sorted = Object.fromEntries(
    Object.keys(definitions)
      .sort()
      .map((key) => [key, definitions[key]]),
  );
  const sortedPaths = Object.fromEntries(
    Object.keys(paths)
      .sort()
      .map((key) => [key, paths[key]]),
  );
  const primary = load(bundle.primary);
  return {
    swagger: '2.0',
    info: { title: bundle.title, version: primary.info.version },
    host: primary.host ?? 'management.azure.com',
    schemes: primary.schemes ?? ['https'],
    'x-vendored-from': {
      repository: 'https://github.com/Azure/azure-rest-api-specs',
      files: [...cache.keys(), ...(usedV5 ? [`${V5_TYPES} (parameters, copied in the script)`] : [])].sort(),
      regenerate: 'node scripts/vendor-contracts.mjs',
    },
    paths: sortedPaths,
    definitions: sorted,
  };
}

let stale = false;
for (const bundle of BUNDLES) {
  cache.clear();
  usedV5 = false;
  const text = `${JSON.stringify(vendor(bundle), null, 1)}\n`;
  const file = join(out, bundle.file);
  if (check) {
    const same = existsSync(file) && readFileSync(file, 'utf8') === text;
    if (!same) stale = true;
    console.log(`${relative(root, file)}: ${same ? 'up to date' : 'differs from the sources'}`);
  } else {
    writeFileSync(file, text);
    console.log(`${relative(root, file)}: ${(text.length / 1024).toFixed(0)} KB`);
  }
}
if (stale) process.exit(1);
