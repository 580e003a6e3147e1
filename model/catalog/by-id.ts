import type { Api, Permission, PermissionKind } from "./apis";

const indexes = new WeakMap<Api, Record<PermissionKind, ReadonlyMap<string, Permission>>>();

function indexOf(apiEntry: Api): Record<PermissionKind, ReadonlyMap<string, Permission>> {
  let index = indexes.get(apiEntry);
  if (!index) {
    const byId = (kind: PermissionKind) =>
      new Map([...apiEntry.permissions[kind].values()].map((p) => [p.id.toLowerCase(), p] as const));
    index = { application: byId("application"), delegated: byId("delegated") };
    indexes.set(apiEntry, index);
  }
  return index;
}

/**
 * The permission of `apiEntry` whose app role id (application) or scope id (delegated) is `id`
 * (case-insensitive); `undefined` when the catalog does not know it. The reverse of `permission()`,
 * for code that sees only ids (an `AppRoleAssignment.appRoleId`, a `requiredResourceAccesses` entry).
 */
export function permissionById(apiEntry: Api, id: string, kind: PermissionKind): Permission | undefined {
  return indexOf(apiEntry)[kind].get(id.toLowerCase());
}
