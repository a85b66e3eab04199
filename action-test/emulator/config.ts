/** What the emulated tenant, subscription and workspace look like, and how long things take there. */
export interface EmulatorConfig {
  /** Emulated milliseconds per real millisecond. */
  speed: number;
  tenantId: string;
  clientId: string;
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
  location: string;
  registry: string;
  /** GitHub repository and ref the OIDC tokens speak for; Entra trusts subjects of this repository. */
  repository: string;
  ref: string;
  /**
   * Subjects of the identity's federated credentials, matched exactly as Entra does. Unset, any subject of
   * `repository` is trusted (the tests of single actions).
   */
  federatedSubjects?: string[];
  /**
   * More Entra identities, each with its own federated subjects and role (what `scripts/azure-setup.sh` makes:
   * one for training and registration, one for deployment). Set, ARM checks each token's actions against the
   * role of the identity it was issued to, and Entra trusts each identity for its own subjects only.
   */
  identities?: EmulatedIdentity[];
  oidcTokenLifetimeMs: number;
  accessTokenLifetimeMs: number;
  /**
   * Real time an access token from the Entra endpoint lasts at least: its expiry on the emulated clock is
   * stretched to cover it. At 3600x a sixty-minute token lasts one real second, shorter than the five minutes
   * before expiry at which MSAL and ArmClient renew, so without this every ARM call would make a full
   * OIDC → Entra exchange, and every `az` call a new login (whose process start-up must beat the ID token's
   * expiry). An `az login` lasts as long. A test about token or login expiry sets 0 (emulated lifetimes only).
   */
  accessTokenMinRealMs: number;
  /** Running time of each pipeline step, by step name; others take `defaultStepMs`. */
  stepDurationsMs: Record<string, number>;
  defaultStepMs: number;
  endpointProvisioningMs: number;
  deploymentProvisioningMs: number;
  acrBuildMs: number;
  /** The Retry-After (seconds) of long-running operations: 1 as Azure often says; 0 for fast tests. */
  operationRetryAfterSeconds: number;
  seed: number;
}

export interface EmulatedIdentity {
  name: string;
  clientId: string;
  subjects: string[];
  /** Azure RBAC role definitions assigned to the identity: their Actions and DataActions, `*` wildcards allowed. */
  roles: { Name: string; Actions: string[]; DataActions?: string[] }[];
}

export const DEFAULT_CONFIG: EmulatorConfig = {
  speed: 3600,
  tenantId: '72f988bf-0000-4000-8000-000000000001',
  clientId: '2e9f1c6a-0000-4000-8000-000000000002',
  subscriptionId: '6f1b2c3d-0000-4000-8000-000000000003',
  resourceGroup: 'rg-next-item',
  workspace: 'mlw-next-item',
  location: 'eastus2',
  registry: 'acrnextitem',
  repository: 'octo-org/next-item-actions',
  ref: 'refs/heads/main',
  oidcTokenLifetimeMs: 5 * 60_000,
  accessTokenLifetimeMs: 60 * 60_000,
  accessTokenMinRealMs: 60 * 60_000,
  stepDurationsMs: {
    data_gen: 20 * 60_000,
    data_prep: 30 * 60_000,
    train: 5 * 3_600_000,
    resume_rollout: 30_000,
  },
  defaultStepMs: 10 * 60_000,
  endpointProvisioningMs: 3 * 60_000,
  deploymentProvisioningMs: 12 * 60_000,
  acrBuildMs: 18 * 60_000,
  operationRetryAfterSeconds: 1,
  seed: 1,
};

/** Faults to inject, set through the control endpoint or the environment (NEXT_ITEM_EMULATOR_FAULTS, JSON). */
export interface Faults {
  /** Share (0-1) of ARM calls answered 429 with Retry-After. */
  throttleRate: number;
  /** Share of ARM calls answered 503. */
  unavailableRate: number;
  /** Share of ARM calls whose connection is reset without an answer. */
  resetRate: number;
  /** The Retry-After a throttled call gives, in seconds (real: clients wait on their own clocks). */
  retryAfterSeconds: number;
  /** Share of GitHub OIDC ID-token requests that fail: half answered 500, half reset without an answer. */
  githubOidcFaultRate?: number;
  /**
   * Share of Entra token requests (the token endpoint, and the exchange behind `az login --federated-token`)
   * that fail: half reset, a quarter 503 (AADSTS90033), a quarter 429 with Retry-After.
   */
  entraFaultRate?: number;
  /** Share of scoring requests (/inference/...) that fail: half reset, a quarter 503, a quarter 429 (with Retry-After). */
  scoringFaultRate?: number;
  /** Share of ARM calls answered late: after `slowMs` real milliseconds (a client's per-request timeout runs out first). */
  slowRate?: number;
  slowMs?: number;
  /** Jobs submitted from now on fail in this step with this message. */
  failStep?: { step: string; message: string };
  /** Deployments created from now on crash-loop: their InferenceServer log ends with this. */
  crashDeployments?: { log: string };
  /** Deployments created from now on take this long to provision (emulated ms). */
  slowProvisioningMs?: number;
  /** The next ACR builds fail with this log tail. */
  failAcrBuild?: { log: string };
  /** ACR run logs stop growing while runs go on: `az acr build`/`az acr task logs` give up (as after 30 min). */
  acrLogStreamStops?: boolean;
  /** Models trained by jobs submitted from now on serve answers of the wrong shape. */
  wrongShapes?: boolean;
  /**
   * Endpoint names another tenant holds in this region (endpoint names are DNS labels,
   * <name>.<region>.inference.ml.azure.com): creating one is refused with 409.
   */
  takenEndpointNames?: string[];
  /** The subscription has no quota for deployments' instance types: deployment PUTs are refused (OutOfQuota). */
  outOfQuota?: boolean;
  /** Jobs submitted from now on write a broken model repository (see model-repository.ts). */
  brokenRepository?: 'empty-version-folder' | 'name-mismatch' | 'missing-model-pt';
}

export const NO_FAULTS: Faults = { throttleRate: 0, unavailableRate: 0, resetRate: 0, retryAfterSeconds: 1 };
