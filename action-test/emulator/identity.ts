import { randomUUID } from 'node:crypto';
import type { EmulatorClock } from './clock.js';
import type { EmulatedIdentity, EmulatorConfig } from './config.js';
import { entraError } from './entra-error.js';
import { armError, type EmulatorRequest, type EmulatorResponse, type Router } from './http.js';
import { SigningKey, verifyJwt, type Claims } from './jwt.js';

export const FEDERATED_AUDIENCE = 'api://AzureADTokenExchange';

/**
 * GitHub's OIDC token endpoint, Entra ID's token endpoint for federated client credentials, and the check
 * ARM makes of every bearer token. ID tokens and access tokens are signed JWTs that expire on the emulator's clock.
 */
export class Identity {
  readonly github = new SigningKey();
  readonly entra = new SigningKey();
  /** The runner's ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
  readonly requestToken = randomUUID();
  readonly counters = { idTokens: 0, accessTokens: 0, rejectedAssertions: 0, rejectedArmTokens: 0 };
  /** Every token issued, so tests can check that none reached a log. */
  readonly issued = new Set<string>();
  /** Request tokens of runner jobs, with the claims their ID tokens carry (see registerJob). */
  private readonly jobs = new Map<string, Claims>();

  constructor(
    private readonly clock: EmulatorClock,
    private readonly config: EmulatorConfig,
    private readonly baseUrl: string,
  ) {}

  /**
   * How late a token may be presented and still pass: two real seconds, on any clock speed. On a clock
   * running thousands of times faster than real time, a process start-up would otherwise outlive a
   * five-minute token; a token kept for longer than that is still refused.
   */
  latencyAllowanceMs(): number {
    return 2000 * this.clock.speed;
  }

  get githubIssuer(): string {
    return `${this.baseUrl}/_github`;
  }

  get authorityHost(): string {
    return this.baseUrl;
  }

  get armUrl(): string {
    return this.baseUrl;
  }

  /** ACTIONS_ID_TOKEN_REQUEST_URL, with the query string core.getIDToken appends `&audience=` to. */
  get idTokenRequestUrl(): string {
    return `${this.baseUrl}/_github/oidc/token?api-version=2.0`;
  }

  /**
   * A runner job's own ACTIONS_ID_TOKEN_REQUEST_TOKEN. The ID tokens it gets carry these claims, as GitHub's do
   * for that job: its subject (repo:R:environment:E in an environment), job_workflow_ref, job_workflow_sha.
   */
  registerJob(claims: Claims): string {
    const requestToken = randomUUID();
    this.jobs.set(requestToken, claims);
    return requestToken;
  }

  issueIdToken(
    audience: string,
    lifetimeMs = this.config.oidcTokenLifetimeMs,
    jobClaims: Claims = {},
  ): string {
    const now = Math.floor(this.clock.now() / 1000);
    this.counters.idTokens++;
    return this.remember(
      this.github.sign({
        jti: randomUUID(),
        iss: this.githubIssuer,
        aud: audience,
        sub: `repo:${this.config.repository}:ref:${this.config.ref}`,
        repository: this.config.repository,
        ref: this.config.ref,
        ...jobClaims,
        iat: now,
        nbf: now - 5,
        exp: now + Math.round(lifetimeMs / 1000),
      }),
    );
  }

  private remember(token: string): string {
    this.issued.add(token);
    return token;
  }

  /** Entra's checks of a federated client assertion, with Entra's error codes and wording. */
  checkAssertion(
    assertion: string,
    clientId: string,
  ): { ok: true; claims: Claims } | { ok: false; status: number; code: number; description: string } {
    const reject = (code: number, description: string) => {
      this.counters.rejectedAssertions++;
      return {
        ok: false as const,
        status: code === 700024 ? 400 : 401,
        code,
        description: `AADSTS${code}: ${description}`,
      };
    };
    const named = this.config.identities?.find((identity) => identity.clientId === clientId);
    if (clientId !== this.config.clientId && !named) {
      return reject(
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${this.config.tenantId}'.`,
      );
    }
    const verified = verifyJwt(assertion, [this.github]);
    if (!verified.ok) return reject(50027, 'JWT token is invalid or malformed.');
    const { claims } = verified;
    const now = Math.floor(this.clock.now() / 1000);
    const late = Math.floor(this.latencyAllowanceMs() / 1000);
    if (
      typeof claims.exp !== 'number' ||
      claims.exp + late <= now ||
      (typeof claims.nbf === 'number' && claims.nbf > now + 300)
    ) {
      const time = (seconds: unknown) =>
        typeof seconds === 'number' ? new Date(seconds * 1000).toISOString() : 'unknown';
      return reject(
        700024,
        `Client assertion is not within its valid time range. Current time: ${time(now)}, assertion valid from ${time(claims.nbf ?? claims.iat)}, expiry time of assertion ${time(claims.exp)}.`,
      );
    }
    const subjects = named ? named.subjects : this.config.federatedSubjects;
    const trusted = subjects
      ? subjects.includes(String(claims.sub))
      : String(claims.sub).startsWith(`repo:${this.config.repository}:`);
    if (claims.iss !== this.githubIssuer || claims.aud !== FEDERATED_AUDIENCE || !trusted) {
      return reject(
        70021,
        `No matching federated identity record found for presented assertion. Assertion Issuer: '${claims.iss}'. Assertion Subject: '${claims.sub}'. Assertion Audience: '${claims.aud}'.`,
      );
    }
    return { ok: true, claims };
  }

  /**
   * How long an access token granted now lasts on the emulated clock: its configured lifetime, stretched to
   * `accessTokenMinRealMs` of real time on a fast clock. The same for an `az login`, which lasts as its token.
   */
  grantLifetimeMs(): number {
    return Math.max(this.config.accessTokenLifetimeMs, this.config.accessTokenMinRealMs * this.clock.speed);
  }

  issueAccessToken(
    clientId: string,
    scope: string,
    lifetimeMs = this.config.accessTokenLifetimeMs,
  ): { token: string; expiresAt: number } {
    const now = this.clock.now();
    const expiresAt = now + lifetimeMs;
    this.counters.accessTokens++;
    const token = this.remember(
      this.entra.sign({
        aud: scope.replace(/\/\.default$/, ''),
        iss: `${this.baseUrl}/${this.config.tenantId}/v2.0`,
        appid: clientId,
        tid: this.config.tenantId,
        iat: Math.floor(now / 1000),
        exp: Math.floor(expiresAt / 1000),
      }),
    );
    return { token, expiresAt };
  }

  /** ARM's check of the Authorization header: undefined when good, else ARM's 401. */
  checkArmToken(request: EmulatorRequest): EmulatorResponse | undefined {
    const header = request.headers.authorization ?? '';
    const fail = (code: string, message: string) => {
      this.counters.rejectedArmTokens++;
      return armError(401, code, message, {
        'www-authenticate': `Bearer authorization_uri="${this.baseUrl}/${this.config.tenantId}"`,
      });
    };
    if (!/^Bearer .+/.test(header))
      return fail('AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.");
    const verified = verifyJwt(header.slice(7), [this.entra]);
    if (!verified.ok) return fail('InvalidAuthenticationToken', 'The access token is invalid.');
    const denied = this.authorize(request, String(verified.claims.appid));
    if (denied) return denied;
    const expiry = Number(verified.claims.exp) * 1000;
    if (expiry + this.latencyAllowanceMs() <= this.clock.now()) {
      return fail(
        'ExpiredAuthenticationToken',
        `The access token expiry UTC time '${new Date(expiry).toISOString()}' is earlier than current UTC time '${new Date(this.clock.now()).toISOString()}'.`,
      );
    }
    return undefined;
  }

  /** ARM's role check: the action a request performs must be in a role of the identity the token was issued to. */
  private authorize(request: EmulatorRequest, clientId: string): EmulatorResponse | undefined {
    const identity = this.config.identities?.find((candidate) => candidate.clientId === clientId);
    if (!this.config.identities || !request.path || !request.method) return undefined;
    const action = requestAction(request.method, request.path);
    if (identity && allows(identity, action)) return undefined;
    this.counters.rejectedArmTokens++;
    const scope = request.path.replace(/^\/(history|mlflow)\/v[\d.]+/, '').split('/runs/')[0]!;
    return armError(
      403,
      'AuthorizationFailed',
      `The client '${clientId}' (${identity?.name ?? 'unknown identity'}) does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    );
  }

  routes(router: Router): void {
    router.add('GET', '/_github/oidc/token', (request) => {
      const bearer = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
      const job = this.jobs.get(bearer);
      if (bearer !== this.requestToken && !job) return { status: 401, body: { message: 'Bad credentials' } };
      const audience = request.url.searchParams.get('audience') ?? this.baseUrl;
      return { status: 200, body: { value: this.issueIdToken(audience, undefined, job) } };
    });
    router.add('GET', '/_github/.well-known/jwks', () => ({
      status: 200,
      body: { keys: [this.github.jwk()] },
    }));

    const metadata = (tenant: string) => ({
      issuer: `${this.baseUrl}/${tenant}/v2.0`,
      token_endpoint: `${this.baseUrl}/${tenant}/oauth2/v2.0/token`,
      authorization_endpoint: `${this.baseUrl}/${tenant}/oauth2/v2.0/authorize`,
      jwks_uri: `${this.baseUrl}/${tenant}/discovery/v2.0/keys`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      tenant_region_scope: 'NA',
      cloud_instance_name: 'microsoftonline.com',
    });
    router.add('GET', '/{tenant}/v2.0/.well-known/openid-configuration', (request) => {
      if (request.params.tenant !== this.config.tenantId)
        return this.refuse(400, 90002, `Tenant '${request.params.tenant}' not found.`);
      return { status: 200, body: metadata(request.params.tenant!) };
    });
    router.add('GET', '/{tenant}/discovery/v2.0/keys', () => ({
      status: 200,
      body: { keys: [this.entra.jwk()] },
    }));
    router.add('POST', '/{tenant}/oauth2/v2.0/token', (request) => this.token(request));
  }

  private token(request: EmulatorRequest): EmulatorResponse {
    const form = request.form();
    if (request.params.tenant !== this.config.tenantId)
      return this.refuse(400, 90002, `Tenant '${request.params.tenant}' not found.`);
    if (form.get('grant_type') !== 'client_credentials')
      return this.refuse(400, 70003, 'The app requested an unsupported grant type.');
    const assertion = form.get('client_assertion');
    if (
      !assertion ||
      form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
    ) {
      return this.refuse(
        401,
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      );
    }
    const checked = this.checkAssertion(assertion, form.get('client_id') ?? '');
    if (!checked.ok)
      return this.refuse(checked.status, checked.code, checked.description.replace(/^AADSTS\d+: /, ''));
    const scope = form.get('scope') ?? '';
    const lifetimeMs = this.grantLifetimeMs();
    const { token } = this.issueAccessToken(form.get('client_id')!, scope, lifetimeMs);
    // MSAL keeps its cache on real time: the lifetime is given in real seconds of the accelerated clock.
    const realSeconds = Math.max(1, Math.floor(this.clock.toReal(lifetimeMs) / 1000));
    return {
      status: 200,
      body: {
        token_type: 'Bearer',
        expires_in: realSeconds,
        ext_expires_in: realSeconds,
        access_token: token,
      },
    };
  }

  private refuse(status: number, code: number, description: string): EmulatorResponse {
    const error = status === 401 || code === 700024 ? 'invalid_client' : 'invalid_request';
    return entraError({ status, error, code, description }, this.clock.now());
  }
}

/**
 * The RBAC action an ARM or Azure ML data-plane request performs: the provider's resource types along the
 * path, then read/write/delete by method, or the POSTed action's name. Run history and MLflow reads are
 * `workspaces/experiments/runs/read`, as Azure ML documents them.
 */
export function requestAction(method: string, path: string): string {
  const plain = path.split('?')[0]!;
  if (/^\/(history|mlflow)\//i.test(plain))
    return 'Microsoft.MachineLearningServices/workspaces/experiments/runs/read';
  const provider = /\/providers\/([^/]+)\/(.*)$/i.exec(plain);
  if (!provider) return `Microsoft.Resources/${method === 'GET' ? 'read' : 'write'}`;
  const segments = provider[2]!.split('/').filter(Boolean);
  const types = segments.filter((_, index) => index % 2 === 0);
  if (method === 'POST' && segments.length % 2 === 1) return [provider[1], ...types].join('/') + '/action';
  const verb = method === 'GET' ? 'read' : method === 'DELETE' ? 'delete' : 'write';
  return [provider[1], ...types, verb].join('/');
}

function allows(identity: EmulatedIdentity, action: string): boolean {
  const patterns = identity.roles.flatMap((role) => [...role.Actions, ...(role.DataActions ?? [])]);
  return patterns.some((pattern) =>
    new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`, 'i').test(action),
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}
