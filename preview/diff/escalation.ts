import type { PlanWorkload } from "../plan/plan-file";
import type { Change } from "./types";

/**
 * When a change gives more access. Each rule is named so a reviewer (and a test) can tell which
 * one fired. Removals, rotations (end dates moving) and description edits never escalate.
 */
export interface EscalationRule {
  id: string;
  /** A few words for the Markdown's escalation marker, e.g. "broader scope". */
  label: string;
  description: string;
  matches(change: Change): boolean;
}

/** Normalised ARM scope: case-insensitive, no trailing slash. */
export function normalizeScope(scope: string): string {
  const trimmed = scope.trim().replace(/\/+$/, "");
  return trimmed === "" ? "/" : trimmed.toLowerCase();
}

/** True when `outer` contains `inner` (equal, or an ancestor on a path-segment boundary, e.g. a resource group of a resource). */
export function scopeContains(outer: string, inner: string): boolean {
  const o = normalizeScope(outer);
  const i = normalizeScope(inner);
  if (o === "/" || o === i) return true;
  return i.startsWith(`${o}/`);
}

/** True for an API permission change that makes the workload hold a tier-0 permission it did not hold: listed first among escalations. */
export function isTier0Escalation(c: Change): boolean {
  return c.kind === "apiPermission" && c.change !== "removed" && c.after?.tier0 === true && c.before?.tier0 !== true;
}

/** True when the workload holds any API permission or role assignment. */
export function holdsAccess(workload: Pick<PlanWorkload, "apiPermissions" | "roleAssignments">): boolean {
  return workload.apiPermissions.length > 0 || workload.roleAssignments.length > 0;
}

export const escalationRules: readonly EscalationRule[] = [
  {
    id: "new-tier0-permission",
    label: "TIER 0: path to Global Administrator",
    description: "A Microsoft Graph permission with a known path to Global Administrator (model/catalog/tier0.ts), new or newly held.",
    matches: (c) => isTier0Escalation(c),
  },
  {
    id: "new-workload-with-access",
    label: "new workload with access",
    description: "A new workload that holds any API permission or role assignment.",
    matches: (c) => c.kind === "workload" && c.change === "added" && c.after !== undefined && holdsCounts(c.after.counts),
  },
  {
    id: "new-api-permission",
    label: "new API permission",
    description: "A new API permission.",
    matches: (c) => c.kind === "apiPermission" && c.change === "added",
  },
  {
    id: "admin-consent-granted",
    label: "admin consent turned on",
    description: "Admin consent turned on for a permission.",
    matches: (c) => c.kind === "apiPermission" && c.change === "changed" && c.before?.adminConsent === false && c.after?.adminConsent === true,
  },
  {
    id: "higher-privilege-level",
    label: "higher privilege level",
    description: "A permission whose privilege level went up.",
    matches: (c) =>
      c.kind === "apiPermission" &&
      c.change === "changed" &&
      typeof c.before?.privilegeLevel === "number" &&
      typeof c.after?.privilegeLevel === "number" &&
      c.after.privilegeLevel > c.before.privilegeLevel,
  },
  {
    id: "new-role-assignment",
    label: "new role assignment",
    description: "A new Azure role assignment.",
    matches: (c) => c.kind === "roleAssignment" && c.change === "added",
  },
  {
    id: "broader-scope",
    label: "broader scope",
    description: "A role assignment whose scope now covers more (e.g. a resource group instead of one resource).",
    matches: (c) =>
      c.kind === "roleAssignment" &&
      c.change === "changed" &&
      c.before !== undefined &&
      c.after !== undefined &&
      scopeContains(c.after.scope, c.before.scope) &&
      normalizeScope(c.after.scope) !== normalizeScope(c.before.scope),
  },
  {
    id: "role-became-privileged",
    label: "now privileged",
    description: "A role assignment now flagged privileged.",
    matches: (c) => c.kind === "roleAssignment" && c.change === "changed" && c.before?.privileged === false && c.after?.privileged === true,
  },
  {
    id: "sign-in-opened",
    label: "assignment no longer required",
    description: "An application that let only assigned users and groups sign in now lets anyone in the tenant (web.appRoleAssignmentRequired turned off).",
    matches: (c) => c.kind === "workload" && c.change === "changed" && c.before?.appRoleAssignmentRequired === true && c.after?.appRoleAssignmentRequired !== true,
  },
  {
    id: "new-secret-reader",
    label: "new secret reader",
    description: "A principal that may now read one of the workload's Key Vault secrets (secretReaders).",
    matches: (c) => c.kind === "secretReader" && c.change === "added",
  },
  {
    id: "new-federated-subject",
    label: "new federated sign-in",
    description: "A federated credential that lets a new issuer/subject sign in as the workload.",
    matches: (c) =>
      c.kind === "credential" &&
      c.after?.type === "federated" &&
      (c.change === "added" || c.before?.issuer !== c.after.issuer || c.before?.subject !== c.after.subject),
  },
];

function holdsCounts(counts: { apiPermissions: number; roleAssignments: number }): boolean {
  return counts.apiPermissions > 0 || counts.roleAssignments > 0;
}

/** The rules a change matches; empty when it gives no more access. */
export function escalationReasons(change: Change): EscalationRule[] {
  if (change.change === "removed") return [];
  return escalationRules.filter((rule) => rule.matches(change));
}

/** Sets `escalation` on a change from the rules above. */
export function judge(change: Change): Change {
  return { ...change, escalation: escalationReasons(change).length > 0 };
}
