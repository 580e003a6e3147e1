import { errorText, requestJson, trimSlash } from "./http";

/** One permission block, as ARM returns it in role definitions and in the permissions list. */
export interface PermissionBlock {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

const API_VERSION = "2022-04-01";

function blocks(value: unknown): PermissionBlock[] {
  const list = Array.isArray(value) ? value : [];
  const strings = (x: unknown) => (Array.isArray(x) ? x.filter((s): s is string => typeof s === "string") : []);
  return list.map((b: Record<string, unknown>) => ({
    actions: strings(b.actions), notActions: strings(b.notActions), dataActions: strings(b.dataActions), notDataActions: strings(b.notDataActions),
  }));
}

/** What the permissions list answered: the blocks, or a status the caller decides about (403 while RBAC propagates). */
export type PermissionsAnswer = { ok: true; blocks: PermissionBlock[] } | { ok: false; status: number; error: string };

/**
 * The caller's effective permissions at a resource group or resource:
 * `GET {scope}/providers/Microsoft.Authorization/permissions?api-version=2022-04-01` → `{ value: [ { actions,
 * notActions, dataActions, notDataActions } ] }` ("Permissions - List For Resource Group" / "List For Resource",
 * https://learn.microsoft.com/rest/api/authorization/permissions). ARM publishes it for those two scope kinds only.
 */
export async function listPermissions(armEndpoint: string, scope: string, token: string): Promise<PermissionsAnswer> {
  const r = await requestJson(`${trimSlash(armEndpoint)}${scope}/providers/Microsoft.Authorization/permissions?api-version=${API_VERSION}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (r.status !== 200) return { ok: false, status: r.status, error: errorText(r) };
  return { ok: true, blocks: blocks((r.body as { value?: unknown } | undefined)?.value) };
}

/**
 * A role definition's permissions: `GET {scope}/providers/Microsoft.Authorization/roleDefinitions/{id}?api-version=2022-04-01`
 * → `properties.permissions` (https://learn.microsoft.com/rest/api/authorization/role-definitions/get). Read with the
 * caller's ARM token: the workload itself may hold no right to read role definitions.
 */
export async function roleDefinitionPermissions(armEndpoint: string, scope: string, roleDefinitionId: string, token: string): Promise<PermissionBlock[]> {
  const r = await requestJson(
    `${trimSlash(armEndpoint)}${scope}/providers/Microsoft.Authorization/roleDefinitions/${encodeURIComponent(roleDefinitionId)}?api-version=${API_VERSION}`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  const permissions = (r.body as { properties?: { permissions?: unknown } } | undefined)?.properties?.permissions;
  if (r.status !== 200 || !Array.isArray(permissions)) throw new Error(`role definition ${roleDefinitionId} at ${scope}: ${errorText(r)}`);
  return blocks(permissions);
}

/** Resource group or resource: the scopes the permissions list answers for. */
export function permissionsListable(scope: string): boolean {
  return /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+(\/providers\/.+)?$/i.test(scope);
}

/** Whether `ancestor` is `scope` or one of its parents (ARM ids compare case-insensitively). */
export function scopeContains(ancestor: string, scope: string): boolean {
  const a = ancestor.toLowerCase().replace(/\/+$/, "");
  const s = scope.toLowerCase().replace(/\/+$/, "");
  return s === a || s.startsWith(`${a}/`);
}

/** ARM refused a read; `status` lets the caller tell "not allowed to look" (403) from other failures. */
export class ArmError extends Error {
  override readonly name = "ArmError";
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** One role assignment of a principal, reduced to what the comparison needs. */
export interface AssignedRole {
  /** Role definition GUID (the last segment of `properties.roleDefinitionId`). */
  roleDefinitionId: string;
  scope: string;
}

/**
 * A principal's role assignments in a subscription: `GET /subscriptions/{id}/providers/Microsoft.Authorization/roleAssignments
 * ?api-version=2022-04-01&$filter=principalId eq '{objectId}'` → `{ value: [ { properties: { roleDefinitionId, scope,
 * principalId } } ] }`; with that filter ARM returns the principal's assignments at, above and below the scope
 * ("Role Assignments - List For Subscription", https://learn.microsoft.com/rest/api/authorization/role-assignments/list-for-subscription).
 */
export async function listRoleAssignments(armEndpoint: string, subscription: string, principalId: string, token: string): Promise<AssignedRole[]> {
  const filter = encodeURIComponent(`principalId eq '${principalId}'`);
  const r = await requestJson(`${trimSlash(armEndpoint)}${subscription}/providers/Microsoft.Authorization/roleAssignments?api-version=${API_VERSION}&$filter=${filter}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const value = (r.body as { value?: unknown } | undefined)?.value;
  if (r.status !== 200 || !Array.isArray(value)) throw new ArmError(r.status, `role assignments in ${subscription}: ${errorText(r)}`);
  return value.flatMap((a: { properties?: { roleDefinitionId?: unknown; scope?: unknown } }) => {
    const def = a.properties?.roleDefinitionId;
    const scope = a.properties?.scope;
    return typeof def === "string" && typeof scope === "string" ? [{ roleDefinitionId: (def.split("/").pop() ?? def).toLowerCase(), scope }] : [];
  });
}

/** `/subscriptions/{id}` of an ARM id, if it is under one. */
export function subscriptionOf(scope: string): string | undefined {
  return /^\/subscriptions\/[^/]+/i.exec(scope)?.[0];
}
