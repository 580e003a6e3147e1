import tier0Data from "./data/tier0-graph-permissions.json";
import { MICROSOFT_GRAPH_APP_ID, type Permission, type PermissionKind } from "./apis";

/**
 * The tier-0 Microsoft Graph permissions: those with a known path to Global Administrator, alone (`Direct`) or
 * combined with other access (`Indirect`), per Maester's high-risk app permission list and the "Azure AD tiering"
 * research (data/tier0-graph-permissions.json cites both with commits; built by scripts/catalog/tier0.ts).
 */
export interface Tier0 {
  /** Permission claim value. */
  name: string;
  kind: PermissionKind;
  /** `Direct` when either source lists a direct path, else `Indirect`. */
  path: "Direct" | "Indirect";
  /** The sources listing it: `maester`, `azure-tiering`. */
  sources: readonly string[];
}

type Entry = { maester?: string; tiering?: string };
const permissions = tier0Data.permissions as Record<string, Partial<Record<PermissionKind, Entry>>>;

/** Where the tier-0 list comes from (repositories, files and commits), for reports. */
export const tier0CatalogSource: string = tier0Data.source;

/** The tier-0 entry of a Microsoft Graph permission by claim value and kind; `undefined` when it is not tier 0. */
export function tier0(name: string, kind: PermissionKind): Tier0 | undefined {
  const entry = Object.hasOwn(permissions, name) ? permissions[name][kind] : undefined;
  if (!entry) return undefined;
  const sources = [entry.maester ? "maester" : undefined, entry.tiering ? "azure-tiering" : undefined].filter((s): s is string => s !== undefined);
  return { name, kind, path: entry.maester === "Direct" || entry.tiering === "Direct" ? "Direct" : "Indirect", sources };
}

/** Whether a catalog permission is a tier-0 Microsoft Graph permission. */
export function isTier0(p: Pick<Permission, "name" | "kind" | "apiAppId">): boolean {
  return p.apiAppId.toLowerCase() === MICROSOFT_GRAPH_APP_ID && tier0(p.name, p.kind) !== undefined;
}

/** Every tier-0 permission of `kind`, sorted by name. */
export function tier0Permissions(kind: PermissionKind): Tier0[] {
  return Object.keys(permissions).map((name) => tier0(name, kind)).filter((t): t is Tier0 => t !== undefined);
}
