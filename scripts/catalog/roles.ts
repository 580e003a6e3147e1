import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { isGuid } from "../../model/catalog/guid";
import { permissionsGrant, type RolePermission } from "../../model/catalog/operations";
import type { CatalogSource } from "./source";

/**
 * The public export the role catalog is generated from: easimon/azure-builtin-roles, a scheduled job that saves
 * `az role definition list` (every built-in role, with its permissions) as one file per role under azure-roles/.
 */
export const ROLES_EXPORT = { repository: "easimon/azure-builtin-roles", path: "azure-roles/*.json" } as const;

const ROLE_ASSIGNMENT_WRITE = "Microsoft.Authorization/roleAssignments/write";

/** One built-in role as the catalog stores it. */
export interface RoleRecord {
  name: string;
  id: string;
  description: string;
  /** Grants role-assignment writes or full control (see `privilegedRule`). */
  privileged: boolean;
  privilegedReasons?: string[];
  /** Only when not `["/"]` (assignable everywhere). */
  assignableScopes?: string[];
  /** The role definition's permission blocks; null for a role carried over without them. */
  permissions: RolePermission[] | null;
  /** Why a role that is not in the export is still in the catalog, and where it came from. */
  carried?: { reason: string; source: unknown };
}

export interface RoleCatalog {
  source: CatalogSource & { roleCount: number; note: string };
  privilegedRule: string;
  roleDefinitionIdFormat: string;
  count: number;
  roles: RoleRecord[];
}

/** A role definition as `az role definition list` prints it (the fields we read). */
interface ExportedRole {
  name: string;
  id: string;
  roleName: string;
  roleType: string;
  description: string | null;
  assignableScopes: string[];
  permissions: { actions: string[]; notActions: string[]; dataActions: string[]; notDataActions: string[]; condition?: string | null }[];
}

const PRIVILEGED_RULE =
  "privileged=true when the role's actions include '*' (full control of everything it is assigned on) or grant " +
  `${ROLE_ASSIGNMENT_WRITE} (after notActions; wildcards as https://learn.microsoft.com/azure/role-based-access-control/role-definitions#wildcard-permissions ` +
  "describes), so whoever holds it can give any role to anyone or do anything: the property of the roles Microsoft lists in the " +
  "'Privileged' category (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/privileged: Owner, Contributor, " +
  "Role Based Access Control Administrator, User Access Administrator, Reservations Administrator). " +
  "Roles whose role-assignment writes carry an ABAC condition (e.g. Key Vault Data Access Administrator) are still privileged and say so in privilegedReasons.";

function fail(file: string, what: string): never {
  throw new Error(`${file}: ${what}; is this an \`az role definition list\` export?`);
}

function stringList(value: unknown, file: string, field: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) fail(file, `${field} is not a list of strings`);
  return value;
}

/** Checks one exported file's shape; the generator refuses anything it does not understand rather than guess. */
export function parseExportedRole(value: unknown, file: string): ExportedRole {
  if (typeof value !== "object" || value === null) fail(file, "not a JSON object");
  const r = value as Record<string, unknown>;
  if (typeof r.name !== "string" || !isGuid(r.name)) fail(file, "name is not a role definition GUID");
  if (typeof r.id !== "string" || !r.id.toLowerCase().endsWith(`/roledefinitions/${r.name.toLowerCase()}`)) fail(file, "id does not end in /roleDefinitions/<name>");
  if (typeof r.roleName !== "string" || r.roleName.trim() === "") fail(file, "roleName is missing");
  if (typeof r.roleType !== "string") fail(file, "roleType is missing");
  if (r.description !== null && typeof r.description !== "string") fail(file, "description is not a string");
  if (!Array.isArray(r.permissions)) fail(file, "permissions is not a list");
  const permissions = r.permissions.map((p: unknown, i: number) => {
    const b = (p ?? {}) as Record<string, unknown>;
    const condition = b.condition;
    if (condition !== undefined && condition !== null && typeof condition !== "string") fail(file, `permissions[${i}].condition is not a string`);
    return {
      actions: stringList(b.actions, file, `permissions[${i}].actions`),
      notActions: stringList(b.notActions, file, `permissions[${i}].notActions`),
      dataActions: stringList(b.dataActions, file, `permissions[${i}].dataActions`),
      notDataActions: stringList(b.notDataActions, file, `permissions[${i}].notDataActions`),
      condition,
    };
  });
  return {
    name: r.name, id: r.id, roleName: r.roleName, roleType: r.roleType, description: r.description,
    assignableScopes: stringList(r.assignableScopes, file, "assignableScopes"), permissions,
  };
}

/** Every `*.json` of the export folder (the checkout's azure-roles/, or that folder itself), parsed. */
export function readRolesExport(dir: string): ExportedRole[] {
  const folder = existsSync(path.join(dir, "azure-roles")) ? path.join(dir, "azure-roles") : dir;
  const files = readdirSync(folder).filter((f) => f.endsWith(".json")).sort();
  if (files.length === 0) throw new Error(`${folder} holds no role definition files`);
  return files.map((f) => parseExportedRole(JSON.parse(readFileSync(path.join(folder, f), "utf8")), f));
}

function normalize(r: ExportedRole): RoleRecord {
  const permissions: RolePermission[] = r.permissions.map((p) => ({
    actions: p.actions, notActions: p.notActions, dataActions: p.dataActions, notDataActions: p.notDataActions,
    ...(p.condition ? { condition: p.condition } : {}),
  }));
  const reasons: string[] = [];
  if (permissions.some((p) => p.actions.includes("*"))) reasons.push("actions include '*'");
  const writers = permissions.filter((p) => permissionsGrant([p], ROLE_ASSIGNMENT_WRITE, "actions"));
  if (writers.length > 0) {
    reasons.push(`actions grant ${ROLE_ASSIGNMENT_WRITE}`);
    if (writers.every((p) => p.condition)) reasons.push("role-assignment writes are constrained by an ABAC condition");
  }
  const scopes = r.assignableScopes.length === 1 && r.assignableScopes[0] === "/" ? undefined : r.assignableScopes;
  return {
    name: r.roleName,
    id: r.name.toLowerCase(),
    description: r.description ?? "",
    privileged: reasons.length > 0,
    ...(reasons.length > 0 ? { privilegedReasons: reasons } : {}),
    ...(scopes ? { assignableScopes: scopes } : {}),
    permissions,
  };
}

/**
 * Roles of the previous catalog that the export cannot contain: `az role definition list` runs at a subscription,
 * so a built-in role assignable only elsewhere (Reservations Administrator and Reservations Reader are assignable
 * only at /providers/Microsoft.Capacity) is not in it. Those are carried over with their original provenance;
 * a role that is assignable everywhere and missing from the export was removed by Microsoft and is dropped.
 */
function carriedRoles(previous: unknown, exportedIds: ReadonlySet<string>, exportedNames: ReadonlySet<string>): RoleRecord[] {
  const roles = (previous as { roles?: unknown } | undefined)?.roles;
  if (!Array.isArray(roles)) return [];
  return roles.flatMap((entry: Record<string, unknown>) => {
    const scopes = entry.assignableScopes;
    if (!Array.isArray(scopes) || scopes.includes("/") || typeof entry.id !== "string" || typeof entry.name !== "string") return [];
    if (exportedIds.has(entry.id.toLowerCase()) || exportedNames.has(entry.name.toLowerCase())) return [];
    const carried = (entry.carried as RoleRecord["carried"]) ?? {
      reason: `assignable only at ${scopes.join(", ")}, so a subscription-scoped \`az role definition list\` does not return it`,
      source: entry.source,
    };
    return [{
      name: entry.name, id: entry.id.toLowerCase(), description: typeof entry.description === "string" ? entry.description : "",
      privileged: entry.privileged === true,
      ...(Array.isArray(entry.privilegedReasons) ? { privilegedReasons: entry.privilegedReasons as string[] } : {}),
      assignableScopes: scopes as string[], permissions: (entry.permissions as RolePermission[] | undefined) ?? null, carried,
    }];
  });
}

/** The catalog for `exported` roles (plus those carried from `previous`), sorted by name. */
export function buildRoleCatalog(exported: readonly ExportedRole[], source: CatalogSource, previous?: unknown): RoleCatalog {
  const notBuiltIn = exported.filter((r) => r.roleType !== "BuiltInRole");
  if (notBuiltIn.length > 0) throw new Error(`the export holds roles that are not built in: ${notBuiltIn.map((r) => r.roleName).join(", ")}`);
  const roles = exported.map(normalize);
  for (const key of ["id", "name"] as const) {
    const seen = new Set<string>();
    for (const r of roles) {
      const k = r[key].toLowerCase();
      if (seen.has(k)) throw new Error(`two roles share the ${key} ${r[key]}`);
      seen.add(k);
    }
  }
  const carried = carriedRoles(previous, new Set(roles.map((r) => r.id)), new Set(roles.map((r) => r.name.toLowerCase())));
  const all = [...roles, ...carried].sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0));
  return {
    source: {
      ...source,
      roleCount: roles.length,
      note: `Every built-in role of the export (${roles.length}); ${carried.length} more carried from the previous catalog (see each role's \`carried\`). Regenerate with \`npm run catalog -- roles <clone of https://github.com/${source.repository}>\`.`,
    },
    privilegedRule: PRIVILEGED_RULE,
    roleDefinitionIdFormat: "/providers/Microsoft.Authorization/roleDefinitions/{id} (tenant-wide) or /subscriptions/{subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/{id}",
    count: all.length,
    roles: all,
  };
}
