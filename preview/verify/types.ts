/** How a workload gets its token in production, and so how `npm run verify` gets one to check. */
export type Flow = "client-secret" | "client-certificate" | "managed-identity" | "federated" | "user-sign-in" | "none";

/** One API the workload asks Entra ID for a token to, with what the token must carry. */
export interface TokenResource {
  /** API display name from the catalog (or its app id when the catalog does not know it). */
  api: string;
  /** The API's application id when known: a v2 token's `aud` is it. */
  appId?: string;
  /** v1 `resource` (IMDS `resource=`, the token's `aud` for v1 APIs). */
  resource: string;
  /** v2 client-credentials scope (`<resource>/.default`). */
  scope: string;
  /** App roles (application permissions) with admin consent: the token's `roles` must be exactly these. */
  roles: string[];
  /** Delegated scopes with consent: a signed-in user's token carries at most these in `scp`. */
  scopes: string[];
}

/** One Azure role the plan grants, at its scope. */
export interface AzureRoleExpectation {
  role: string;
  roleDefinitionId: string;
  scope: string;
}

/** A federated credential the plan declares: which external tokens Entra ID accepts for the workload. */
export interface FederatedTrust {
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
}

/** What the plan promises one workload; all `--explain` needs, with no network. */
export interface WorkloadExpectation {
  name: string;
  flow: Flow;
  resources: TokenResource[];
  /** Every app role across `resources` (the union of their `roles`). */
  expectedRoles: string[];
  /** Every delegated scope across `resources`. */
  expectedScopes: string[];
  azureRoles: AzureRoleExpectation[];
  /** Application permissions planned without admin consent: a token must not carry them yet. */
  awaitingConsent: string[];
  /** Web redirect URIs the plan registers (the authorization-code flow, S5). */
  redirectUris: string[];
  federated: FederatedTrust[];
  /** Key Vault secret holding the newest secret or certificate, for the client-secret/-certificate flows. */
  keyVaultSecret?: string;
}

/** The `--explain --json` contract. */
export interface ExplainFile {
  workloads: Array<Pick<WorkloadExpectation, "name" | "flow" | "resources" | "expectedRoles" | "expectedScopes" | "azureRoles">>;
}

/**
 * - `passed`: checked against Azure and it matches the plan;
 * - `failed`: checked and it does not (or the check could not be made: the token request failed);
 * - `on-host`: only the workload's own host can check it (IMDS on its Azure compute, another issuer's tokens);
 * - `needs-person`: a person has to sign in (delegated flows);
 * - `skipped`: not applicable here, with the reason.
 */
export type CheckStatus = "passed" | "failed" | "on-host" | "needs-person" | "skipped";

export interface CheckResult {
  /** What was checked, e.g. `token https://graph.microsoft.com/.default` or `Azure role Reader @ /subscriptions/…`. */
  check: string;
  status: CheckStatus;
  /** Claims, counts, what differs and what to do; never a token or a secret value. */
  detail: string;
}

export interface WorkloadResult {
  name: string;
  flow: Flow;
  checks: CheckResult[];
}

export interface VerifyReport {
  stack?: string;
  workloads: WorkloadResult[];
}
