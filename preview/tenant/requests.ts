import { execFileSync } from "node:child_process";
import { InputError } from "../files";
import { parseSnapshot, type TenantSnapshot } from "./snapshot";

/**
 * The read-only calls that make a tenant snapshot, all through `az rest` (so every object is exactly what Graph or
 * ARM returns, paged by `@odata.nextLink` / `nextLink`). Needs, for the signed-in identity: Microsoft Graph
 * `Application.Read.All` and `Directory.Read.All` (oauth2PermissionGrants), and Reader on each subscription.
 *
 * Sources: https://learn.microsoft.com/en-us/graph/api/application-list (supports `$expand`),
 * https://learn.microsoft.com/en-us/graph/api/serviceprincipal-list,
 * https://learn.microsoft.com/en-us/graph/api/serviceprincipal-list-approleassignments,
 * https://learn.microsoft.com/en-us/graph/api/oauth2permissiongrant-list,
 * https://learn.microsoft.com/en-us/graph/api/application-list-federatedidentitycredentials,
 * https://learn.microsoft.com/en-us/rest/api/authorization/role-assignments/list-for-subscription (2022-04-01),
 * https://learn.microsoft.com/en-us/rest/api/managedidentity/user-assigned-identities/list-by-subscription and
 * federated-identity-credentials/list (2023-01-31), https://learn.microsoft.com/en-us/graph/paging (nextLink).
 */
export const GRAPH = "https://graph.microsoft.com/v1.0";
export const ARM = "https://management.azure.com";
export const ROLE_ASSIGNMENTS_API_VERSION = "2022-04-01";
export const MANAGED_IDENTITY_API_VERSION = "2023-01-31";

/** Runs `az` with these arguments and returns its stdout (tests pass their own). */
export type AzRunner = (args: readonly string[]) => string;

/** The `az` arguments of one GET. */
export function azGet(url: string): string[] {
  return ["rest", "--method", "get", "--url", url];
}

/** The URLs the snapshot reads, in order; `{id}` stands for each object of the collection before it. */
export function snapshotUrls(subscriptions: readonly string[]): string[] {
  return [
    `${GRAPH}/applications?$expand=owners`,
    `${GRAPH}/applications/{id}/federatedIdentityCredentials`,
    `${GRAPH}/servicePrincipals`,
    `${GRAPH}/servicePrincipals/{id}/appRoleAssignments`,
    `${GRAPH}/oauth2PermissionGrants`,
    ...subscriptions.flatMap((s) => [
      roleAssignmentsUrl(s),
      identitiesUrl(s),
      `${ARM}{identity id}/federatedIdentityCredentials?api-version=${MANAGED_IDENTITY_API_VERSION}`,
    ]),
  ];
}

function roleAssignmentsUrl(subscription: string): string {
  return `${ARM}/subscriptions/${subscription}/providers/Microsoft.Authorization/roleAssignments?api-version=${ROLE_ASSIGNMENTS_API_VERSION}`;
}

function identitiesUrl(subscription: string): string {
  return `${ARM}/subscriptions/${subscription}/providers/Microsoft.ManagedIdentity/userAssignedIdentities?api-version=${MANAGED_IDENTITY_API_VERSION}`;
}

type Page = { value?: unknown; "@odata.nextLink"?: unknown; nextLink?: unknown };

/** Every object of a list call, following Graph's `@odata.nextLink` and ARM's `nextLink`. */
export function listAll(url: string, run: AzRunner): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  let next: string | undefined = url;
  for (let pages = 0; next !== undefined; pages++) {
    if (pages > 10_000) throw new Error(`${url}: more than 10000 pages; stopping`);
    const text = run(azGet(next));
    let page: Page;
    try {
      page = JSON.parse(text) as Page;
    } catch {
      throw new InputError(`${next}: az rest did not print JSON`);
    }
    if (!Array.isArray(page.value)) throw new InputError(`${next}: the response has no "value" array; is this a list call?`);
    items.push(...(page.value as Record<string, unknown>[]));
    const link = page["@odata.nextLink"] ?? page.nextLink;
    next = typeof link === "string" && link !== "" ? link : undefined;
  }
  return items;
}

const idOf = (o: Record<string, unknown>): string => String(o.id);

/**
 * Takes the snapshot: applications (with owners) and their federated credentials, the service principals, the app
 * role assignments of the tenant's own applications' and managed identities' service principals, every delegated
 * grant, and per subscription the role assignments and user-assigned identities with their federated credentials.
 */
export function takeSnapshot(options: { subscriptions: readonly string[]; run: AzRunner; now: Date }): TenantSnapshot {
  const { run } = options;
  const applications = listAll(`${GRAPH}/applications?$expand=owners`, run);
  const federatedIdentityCredentials = Object.fromEntries(
    applications.map((a) => [idOf(a), listAll(`${GRAPH}/applications/${idOf(a)}/federatedIdentityCredentials`, run)]),
  );
  const servicePrincipals = listAll(`${GRAPH}/servicePrincipals`, run);
  const ownAppIds = new Set(applications.map((a) => String(a.appId).toLowerCase()));
  // Only the workloads' principals: the tenant's own applications and its managed identities (not every first-party API).
  const principals = servicePrincipals.filter((sp) => ownAppIds.has(String(sp.appId).toLowerCase()) || sp.servicePrincipalType === "ManagedIdentity");
  const appRoleAssignments = principals.flatMap((sp) => listAll(`${GRAPH}/servicePrincipals/${idOf(sp)}/appRoleAssignments`, run));
  const oauth2PermissionGrants = listAll(`${GRAPH}/oauth2PermissionGrants`, run);
  const roleAssignments = options.subscriptions.flatMap((s) => listAll(roleAssignmentsUrl(s), run));
  const userAssignedIdentities = options.subscriptions.flatMap((s) => listAll(identitiesUrl(s), run)).map((identity) => ({
    ...identity,
    federatedIdentityCredentials: listAll(`${ARM}${idOf(identity)}/federatedIdentityCredentials?api-version=${MANAGED_IDENTITY_API_VERSION}`, run),
  }));
  return parseSnapshot({
    capturedAt: options.now.toISOString(),
    applications,
    servicePrincipals,
    appRoleAssignments,
    oauth2PermissionGrants,
    federatedIdentityCredentials,
    roleAssignments,
    userAssignedIdentities,
  }, "the tenant's responses");
}

/** The real `az`: fails with a one-line cause (not installed, not logged in, a 403). */
export const azCli: AzRunner = (args) => {
  try {
    return execFileSync("az", [...args, "--output", "json"], { encoding: "utf8", maxBuffer: 512 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === "ENOENT") throw new Error("az (the Azure CLI) is not installed; install it and run `az login`");
    const cause = (e.stderr ?? e.message).trim().split("\n")[0];
    throw new Error(`az ${args.join(" ")}: ${cause}`);
  }
};
