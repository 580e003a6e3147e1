import data from "./data/azure-builtin-roles.json";
import { didYouMean } from "./suggest";
import { found, missing, type Lookup } from "./result";
import { isGuid } from "./guid";

export interface RoleDefinition {
  /** Built-in role name, or the GUID itself for a role the catalog does not know (a custom role). */
  name: string;
  /** Role definition GUID. */
  id: string;
  /** Grants role-assignment writes or full control (catalog `privileged`); null for custom roles we cannot judge offline. */
  privileged: boolean | null;
  builtIn: boolean;
}

interface RoleEntry { name: string; id: string; privileged: boolean }

const roles: readonly RoleEntry[] = (data as { roles: RoleEntry[] }).roles;
const byName = new Map(roles.map((r) => [r.name.toLowerCase(), r]));
const byId = new Map(roles.map((r) => [r.id.toLowerCase(), r]));

/** Source note of the role catalog, as shipped with the data. */
export const roleCatalogSource: string = (data as { source: string }).source;

function toDefinition(r: RoleEntry): RoleDefinition {
  return { name: r.name, id: r.id, privileged: r.privileged, builtIn: true };
}

/**
 * A built-in role by name (case-insensitive) or by role definition GUID. A GUID the catalog does not
 * know is taken as a custom role definition: it resolves, with `privileged: null`.
 */
export function role(nameOrId: string): Lookup<RoleDefinition> {
  if (isGuid(nameOrId)) {
    const entry = byId.get(nameOrId.toLowerCase());
    return found(entry ? toDefinition(entry) : { name: nameOrId.toLowerCase(), id: nameOrId.toLowerCase(), privileged: null, builtIn: false });
  }
  const entry = byName.get(nameOrId.toLowerCase());
  if (entry) return found(toDefinition(entry));
  return missing(`unknown Azure built-in role "${nameOrId}"${didYouMean(nameOrId, roles.map((r) => r.name))}`);
}

/** `/providers/Microsoft.Authorization/roleDefinitions/{id}` scoped to the subscription of `scope` (ARM's own form). */
export function roleDefinitionResourceId(roleId: string, scope: string): string {
  const subscription = /^\/subscriptions\/([^/]+)/i.exec(scope);
  const prefix = subscription ? `/subscriptions/${subscription[1]}` : "";
  return `${prefix}/providers/Microsoft.Authorization/roleDefinitions/${roleId}`;
}
