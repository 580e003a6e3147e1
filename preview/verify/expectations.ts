import { api as catalogApi, expectFound, type Api } from "../../model/catalog";
import type { PlanFile, PlanResource, PlanWorkload } from "../plan/plan-file";
import type { AzureRoleExpectation, ExplainFile, FederatedTrust, Flow, TokenResource, WorkloadExpectation } from "./types";

/** GitHub Actions' OIDC issuer (https://docs.github.com/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect). */
export const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";

/**
 * Default audience of a federated credential and of the token a workload presents for it:
 * https://learn.microsoft.com/entra/workload-id/workload-identity-federation-create-trust ("api://AzureADTokenExchange").
 */
export const TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

/** Azure Resource Manager from the catalog: the token the Azure role checks use. */
export function armApi(): Api {
  const arm = expectFound(catalogApi("Azure Resource Manager"));
  if (!arm) throw new Error("catalog is missing Azure Resource Manager");
  return arm;
}

function resourceFor(appId: string, apiName: string, known: Api | undefined): TokenResource {
  // An app id the catalog does not know (a customer's own API): `<appId>/.default` is its v2 scope and the app id its v1 resource.
  return known
    ? { api: known.name, appId: known.appId, resource: known.tokenResource, scope: known.defaultScope, roles: [], scopes: [] }
    : { api: apiName, appId, resource: appId, scope: `${appId}/.default`, roles: [], scopes: [] };
}

/** Every API the workload lists, each with the app roles and delegated scopes consented on it. */
function tokenResources(w: PlanWorkload): TokenResource[] {
  const byScope = new Map<string, TokenResource>();
  const add = (r: TokenResource): TokenResource => {
    const existing = byScope.get(r.scope);
    if (existing) return existing;
    byScope.set(r.scope, r);
    return r;
  };
  for (const a of w.tokenAudiences ?? []) {
    const hit = catalogApi(a.api);
    const known = hit.ok ? hit.value : undefined;
    add(known ? resourceFor(known.appId, known.name, known) : { api: a.api, resource: a.tokenResource, scope: a.defaultScope, roles: [], scopes: [] });
  }
  for (const p of w.apiPermissions) {
    const hit = catalogApi(p.apiAppId);
    const r = add(resourceFor(p.apiAppId, p.api, hit.ok ? hit.value : undefined));
    if (!p.adminConsent) continue;
    (p.kind === "application" ? r.roles : r.scopes).push(p.name);
  }
  return [...byScope.values()];
}

function appResource(plan: PlanFile, workload: string): PlanResource | undefined {
  return plan.resources.find((r) => r.type === "azuread:index/application:Application" && r.name === `${workload}-app`);
}

function redirectUris(plan: PlanFile, workload: string): string[] {
  const web = appResource(plan, workload)?.inputs.web as { redirectUris?: unknown } | undefined;
  return Array.isArray(web?.redirectUris) ? web.redirectUris.filter((u): u is string => typeof u === "string") : [];
}

function federatedTrusts(plan: PlanFile, w: PlanWorkload): FederatedTrust[] {
  return w.credentials
    .filter((c) => c.type === "federated" && c.issuer !== undefined && c.subject !== undefined)
    .map((c) => {
      const declared = plan.resources.find((r) => r.name === c.name)?.inputs.audiences;
      const audiences = Array.isArray(declared) ? declared.filter((a): a is string => typeof a === "string") : [TOKEN_EXCHANGE_AUDIENCE];
      return { name: c.name, issuer: c.issuer as string, subject: c.subject as string, audiences };
    });
}

/**
 * The flow the workload will use. A managed identity gets tokens from IMDS on its Azure compute. An application
 * holding only delegated permissions signs users in (S5: the PAT API refuses app-only tokens); otherwise its
 * certificate beats its secret, and a federated credential with neither.
 */
export function flowOf(w: PlanWorkload, redirects: readonly string[]): Flow {
  if (w.kind === "managedIdentity") return "managed-identity";
  const delegatedOnly = w.apiPermissions.length > 0 && w.apiPermissions.every((p) => p.kind === "delegated");
  const userOnlyApi = w.apiPermissions.some((p) => { const hit = catalogApi(p.apiAppId); return hit.ok && hit.value?.delegatedOnly === true; });
  if (delegatedOnly && (redirects.length > 0 || userOnlyApi)) return "user-sign-in";
  if (w.credentials.some((c) => c.type === "certificate")) return "client-certificate";
  if (w.credentials.some((c) => c.type === "secret")) return "client-secret";
  if (w.credentials.some((c) => c.type === "federated")) return "federated";
  return "none";
}

const unique = (xs: string[]) => [...new Set(xs)];

/** What the plan promises one workload. */
export function expectWorkload(plan: PlanFile, w: PlanWorkload): WorkloadExpectation {
  const resources = tokenResources(w);
  const redirects = redirectUris(plan, w.name);
  const flow = flowOf(w, redirects);
  const azureRoles: AzureRoleExpectation[] = w.roleAssignments.map((r) => ({ role: r.role, roleDefinitionId: r.roleDefinitionId, scope: r.scope }));
  // App-only flows also get an ARM token when the workload holds Azure roles (the role checks list its permissions
  // with it), or when it lists no API at all (the token then proves only that the credential works).
  const getsTokens = flow !== "user-sign-in" && flow !== "none";
  if (getsTokens && (azureRoles.length > 0 || resources.length === 0)) {
    const arm = armApi();
    if (!resources.some((r) => r.scope === arm.defaultScope)) resources.push(resourceFor(arm.appId, arm.name, arm));
  }
  const newest = w.credentials.find((c) => (c.type === "secret" || c.type === "certificate") && c.keyVaultSecret !== undefined && c.newest !== false);
  return {
    name: w.name,
    flow,
    resources,
    expectedRoles: unique(resources.flatMap((r) => r.roles)),
    expectedScopes: unique(resources.flatMap((r) => r.scopes)),
    azureRoles,
    awaitingConsent: w.apiPermissions.filter((p) => p.kind === "application" && !p.adminConsent).map((p) => p.name),
    redirectUris: redirects,
    federated: federatedTrusts(plan, w),
    ...(newest?.keyVaultSecret ? { keyVaultSecret: newest.keyVaultSecret } : {}),
  };
}

/** Every workload's expectations, in plan order. */
export function expectWorkloads(plan: PlanFile): WorkloadExpectation[] {
  return plan.workloads.map((w) => expectWorkload(plan, w));
}

/** The `--explain --json` document. */
export function explainFile(expectations: readonly WorkloadExpectation[]): ExplainFile {
  return {
    workloads: expectations.map(({ name, flow, resources, expectedRoles, expectedScopes, azureRoles }) =>
      ({ name, flow, resources, expectedRoles, expectedScopes, azureRoles })),
  };
}
