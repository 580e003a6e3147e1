import * as azuread from "@pulumi/azuread";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";
import { expectFound, microsoftGraph, MICROSOFT_GRAPH_APP_ID, permission, permissionById, type Permission } from "../../model/catalog";

/** Privilege level (Microsoft's grading, 1–5) from which a Graph application permission counts as privileged. */
const PRIVILEGED_LEVEL = 4;

/** Graph application permissions that are privileged whatever their published grade: each one can escalate to tenant control. */
const ALWAYS_PRIVILEGED = [
  "Directory.ReadWrite.All",
  "RoleManagement.ReadWrite.Directory",
  "AppRoleAssignment.ReadWrite.All",
  "Application.ReadWrite.All",
];

let alwaysPrivilegedIds: ReadonlySet<string> | undefined;

function isPrivileged(p: Permission): boolean {
  alwaysPrivilegedIds ??= new Set(ALWAYS_PRIVILEGED.map((name) => expectFound(permission(microsoftGraph(), name, "application")).id.toLowerCase()));
  return (p.privilegeLevel ?? 0) >= PRIVILEGED_LEVEL || alwaysPrivilegedIds.has(p.id.toLowerCase());
}

function privilegedGraphRole(appRoleId: unknown): Permission | undefined {
  if (typeof appRoleId !== "string") return undefined;
  const hit = permissionById(microsoftGraph(), appRoleId, "application");
  return hit && isPrivileged(hit) ? hit : undefined;
}

function describe(p: Permission): string {
  return `Microsoft Graph application permission ${p.name} (privilege level ${p.privilegeLevel ?? "not graded"})`;
}

const FIX = "Fix: request the least-privileged permission that covers the calls the workload makes (e.g. User.Read.All instead of Directory.ReadWrite.All), or add a reviewed waiver to policies/waivers.yaml.";

/** App role assignments (admin consent) and required access of privileged Microsoft Graph application permissions. */
export const privilegedGraphPermission: ResourceValidationPolicy = {
  name: "privileged-graph-permission",
  description: "Workloads do not hold privileged Microsoft Graph application permissions.",
  enforcementLevel: "mandatory",
  remediationSteps: "Use a less privileged Graph permission, or record a reviewed waiver in policies/waivers.yaml.",
  validateResource: [
    validateResourceOfType(azuread.AppRoleAssignment, (assignment, _args, reportViolation) => {
      const hit = privilegedGraphRole(assignment.appRoleId);
      if (!hit) return;
      reportViolation(`Grants (admin-consents) ${describe(hit)}, which can read or change tenant-wide data without a signed-in user. ${FIX}`);
    }),
    validateResourceOfType(azuread.Application, (app, _args, reportViolation) => {
      for (const access of app.requiredResourceAccesses ?? []) {
        if (typeof access?.resourceAppId !== "string" || access.resourceAppId.toLowerCase() !== MICROSOFT_GRAPH_APP_ID) continue;
        for (const entry of access.resourceAccesses ?? []) {
          if (entry?.type !== "Role") continue;
          const hit = privilegedGraphRole(entry.id);
          if (hit) reportViolation(`Requests ${describe(hit)} in requiredResourceAccesses. ${FIX}`);
        }
      }
    }),
  ],
};
