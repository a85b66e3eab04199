import { readFileSync } from 'node:fs';

/**
 * The workflow schema `@actions/workflow-parser` ships beside its code, for Jest. The parser imports it as
 * `import WorkflowSchema from "../workflow-v1.0.min.json"`, without `with { type: 'json' }`
 * (actions/languageservices#387, still so in 0.3.61, the newest release): Node refuses that import and Jest 30
 * warns that its next major will. jest.config.js maps that one specifier here. The package's `exports` publish
 * no JSON, so the file is found beside the package's entry point.
 */
const entry = import.meta.resolve('@actions/workflow-parser');
export default JSON.parse(readFileSync(new URL('workflow-v1.0.min.json', entry), 'utf8')) as unknown;
