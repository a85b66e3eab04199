import type { Violation, ViolationKind } from './validate.js';

/**
 * The one list of places where the emulator departs from Microsoft's published contract on purpose. A
 * violation the contract tests find is forgiven only when an entry here matches it exactly (operation,
 * status, kind, header or JSON path, and the message's keyword), and each entry says why. Nothing else
 * loosens the validator.
 */
export interface Deviation {
  id: string;
  operationIds: string[];
  statuses: number[];
  kinds: ViolationKind[];
  /** The header names or JSON paths the violation may be at. */
  at: string[];
  /** A fragment the violation's message must contain (the failed keyword). */
  message: string;
  why: string;
}

const DELETE_AND_CANCEL = [
  'Jobs_Cancel',
  'OnlineEndpoints_Delete',
  'OnlineDeployments_Delete',
  'ArmAsyncOperation_Result',
];
const ASYNC_PUTS = ['OnlineEndpoints_CreateOrUpdate', 'OnlineDeployments_CreateOrUpdate'];

export const DEVIATIONS: Deviation[] = [
  {
    id: 'retry-after-below-minimum',
    operationIds: DELETE_AND_CANCEL,
    statuses: [202],
    kinds: ['response-header'],
    at: ['retry-after'],
    message: 'must be >= 10',
    why:
      'mfe.json (and ARM RPC for the Location poll) declares Retry-After 10-600 s on these 202s. The emulator says 1 (0 in fast tests) because its ' +
      'clock runs thousands of times faster than the real seconds the client sleeps; 10 real seconds would be ' +
      'hours of emulated time. The client honours any value (arm-client.ts pollDelay).',
  },
  {
    id: 'retry-after-on-async-put',
    operationIds: ASYNC_PUTS,
    statuses: [200, 201],
    kinds: ['undeclared-header'],
    at: ['retry-after'],
    message: 'sent on',
    why:
      'mfe.json declares no Retry-After on these answers, so a real client polls at its own default (5 s in ' +
      'arm-client.ts). The emulator adds one so the client polls at the pace of its accelerated clock; ARM ' +
      'RPC allows Retry-After beside Azure-AsyncOperation. Whether MFE sends one here is unverified.',
  },
  {
    id: 'async-operation-on-200-update',
    operationIds: ASYNC_PUTS,
    statuses: [200],
    kinds: ['undeclared-header'],
    at: ['azure-asyncoperation'],
    message: 'sent on',
    why:
      'A PUT on an existing endpoint or deployment (a traffic change, a re-deploy) answers 200 and keeps ' +
      'working. mfe.json declares Azure-AsyncOperation on 201 only, but ARM RPC (azure-resource-manager-rpc ' +
      'v1.0/async-api-reference.md, "Creating/Updating using PUT") says a 200 or 201 whose provisioningState ' +
      'is not terminal MUST carry Location and/or Azure-AsyncOperation; the emulator follows the RPC. What MFE ' +
      'sends here is unverified (UNVERIFIED.md); the client handles both (it polls provisioningState without it).',
  },
  {
    id: 'scoring-route-slash',
    operationIds: ['EnvironmentVersions_CreateOrUpdate', 'EnvironmentVersions_Get'],
    statuses: [200, 201],
    kinds: ['request-body', 'response-body'],
    at: ['/properties/inferenceConfig/scoringRoute/path'],
    message: 'must match pattern',
    why:
      'mfe.json gives Route.path the pattern [a-zA-Z0-9_] (at least one letter, digit or _), which "/" fails. ' +
      "Microsoft's own Triton custom-container sample (Azure/azureml-examples cli/endpoints/online/custom-" +
      'container/triton/single-model/triton-cc-deployment.yml, scoring_route path: /) deploys with "/", so ' +
      'the service accepts it: Triton serves /v2/... from the root and the scoring URI must map there. The ' +
      'spec is stricter than the service; the actions keep "/".',
  },
];

export function deviationFor(violation: Violation): Deviation | undefined {
  return DEVIATIONS.find(
    (d) =>
      d.operationIds.includes(violation.operationId) &&
      // A request body is the client's whatever the answer (an injected 429 answers the same body).
      (violation.kind === 'request-body' || d.statuses.includes(violation.status)) &&
      d.kinds.includes(violation.kind) &&
      d.at.includes(violation.at) &&
      violation.message.includes(d.message),
  );
}
