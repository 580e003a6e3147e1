import type { PermissionBlock } from "./arm";

const patterns = new Map<string, RegExp>();

/**
 * Whether the permission string `pattern` covers `operation` (which may itself hold wildcards: `*` + `/read` is
 * covered by `*`). "A wildcard (*) extends a permission to everything that matches the action string"
 * (https://learn.microsoft.com/azure/role-based-access-control/role-definitions#wildcard-permissions); compared
 * case-insensitively, as ARM compares operations.
 */
function covers(pattern: string, operation: string): boolean {
  let re = patterns.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "i");
    patterns.set(pattern, re);
  }
  return re.test(operation);
}

type Plane = "actions" | "dataActions";
const notOf = (plane: Plane) => (plane === "actions" ? "notActions" : "notDataActions");

/** Some block lists the operation and the same block does not take it away ("NotActions … subtracts", same page). */
function grants(blocks: readonly PermissionBlock[], operation: string, plane: Plane): boolean {
  return blocks.some((b) => b[plane].some((p) => covers(p, operation)) && !b[notOf(plane)].some((p) => covers(p, operation)));
}

export interface Coverage {
  /** Operations the planned roles grant that the effective permissions lack. */
  missing: string[];
  /** Operations effectively granted beyond the planned roles (or that a planned role excludes). */
  extra: string[];
}

/**
 * Compares the effective permissions at a scope with the planned roles that apply there (assigned at it or above
 * it). ABAC conditions are not evaluated.
 */
export function compareCoverage(planned: readonly PermissionBlock[], effective: readonly PermissionBlock[]): Coverage {
  const missing: string[] = [];
  const extra: string[] = [];
  for (const plane of ["actions", "dataActions"] as const) {
    const tag = (op: string) => (plane === "dataActions" ? `${op} (data)` : op);
    for (const op of new Set(planned.flatMap((b) => b[plane]))) if (grants(planned, op, plane) && !grants(effective, op, plane)) missing.push(tag(op));
    for (const op of new Set(effective.flatMap((b) => b[plane]))) if (grants(effective, op, plane) && !grants(planned, op, plane)) extra.push(tag(op));
    for (const op of new Set(planned.flatMap((b) => b[notOf(plane)]))) {
      if (!grants(planned, op, plane) && grants(effective, op, plane)) extra.push(`${tag(op)}, which the planned role excludes`);
    }
  }
  return { missing, extra };
}
