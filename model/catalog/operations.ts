/**
 * One permission block of an Azure role definition, as ARM returns it (`properties.permissions[]`).
 * Source: https://learn.microsoft.com/azure/role-based-access-control/role-definitions ("Actions", "NotActions",
 * "DataActions", "NotDataActions"): `actions` are control-plane (ARM, management-plane) operations, `dataActions`
 * are data-plane operations on the data inside a resource; `notActions` / `notDataActions` subtract from them.
 */
export interface RolePermission {
  actions: readonly string[];
  notActions: readonly string[];
  dataActions: readonly string[];
  notDataActions: readonly string[];
  /** ABAC condition on what the role may do (built-in roles that delegate role assignments carry one). */
  condition?: string;
}

/** Which list of a role definition an operation is checked against: control plane or data plane. */
export type OperationPlane = "actions" | "dataActions";

const patterns = new Map<string, RegExp>();

/**
 * Whether the permission string `pattern` (e.g. `Microsoft.KeyVault/vaults/secrets/*`, `*` + `/read`) covers
 * `operation`. Source: https://learn.microsoft.com/azure/role-based-access-control/role-definitions#wildcard-permissions
 * ("a wildcard (*) extends a permission to everything that matches the action string"; wildcards may sit in the
 * middle, e.g. `Microsoft.CostManagement/` + `*` + `/read`). Compared case-insensitively: built-in roles rely on it
 * (Contributor's notActions `Microsoft.Authorization/` + `*` + `/Write` removes `Microsoft.Authorization/roleAssignments/write`,
 * which the same page says Contributor cannot do).
 */
export function operationMatches(pattern: string, operation: string): boolean {
  let re = patterns.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "i");
    patterns.set(pattern, re);
  }
  return re.test(operation);
}

/**
 * Whether the permission blocks grant `operation` on `plane`: some block lists it in `actions` (or `dataActions`)
 * and the same block does not take it away in `notActions` (or `notDataActions`). Blocks add up; a `not…` list
 * only subtracts from its own block (same docs page, "NotActions": "the NotActions permission … subtracts …
 * from the allowed Actions"). An ABAC condition is not evaluated: the grant is reported as possible.
 */
export function permissionsGrant(blocks: readonly RolePermission[], operation: string, plane: OperationPlane): boolean {
  const not = plane === "actions" ? "notActions" : "notDataActions";
  return blocks.some((b) => b[plane].some((p) => operationMatches(p, operation)) && !b[not].some((p) => operationMatches(p, operation)));
}
