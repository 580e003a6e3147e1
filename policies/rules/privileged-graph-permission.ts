import * as azuread from "@pulumi/azuread";
import { validateResourceOfType, type ResourceValidationArgs, type ResourceValidationPolicy } from "@pulumi/policy";
import { microsoftGraph, MICROSOFT_GRAPH_APP_ID, permission, permissionById, type Permission, type PermissionKind } from "../../model/catalog";
import { tier0 } from "../../model/catalog/tier0";
import type { ReportSink } from "../apply-waivers";
import { knownStrings, ruleConfig, subjectOf, typeToken, workloadResourcesOf } from "../support";

export interface PrivilegedGraphPermissionConfig {
  /** Microsoft's privilege grade (1–5) from which a Graph permission counts as privileged. @default 4 */
  minPrivilegeLevel: number;
  /** Whether tier-0 permissions (model/catalog/tier0.ts) are privileged whatever their grade. @default true */
  tier0: boolean;
}

const DEFAULTS: PrivilegedGraphPermissionConfig = { minPrivilegeLevel: 4, tier0: true };

/**
 * Why a Graph permission is privileged under `config`, or `undefined` when it is not: tier 0 (a known path to Global
 * Administrator, per Maester and the Azure AD tiering research) or a privilege grade of `minPrivilegeLevel` or more.
 * Shared with no-client-secret and federated-trust, which act on "privileged" the same way.
 */
export function privilegeOf(p: Permission, config: PrivilegedGraphPermissionConfig = DEFAULTS): string | undefined {
  const t0 = p.apiAppId.toLowerCase() === MICROSOFT_GRAPH_APP_ID ? tier0(p.name, p.kind) : undefined;
  const graded = p.privilegeLevel !== null && p.privilegeLevel >= config.minPrivilegeLevel;
  const level = `privilege level ${p.privilegeLevel ?? "not graded"}`;
  if (config.tier0 && t0) return `tier 0 (a ${t0.path.toLowerCase()} path to Global Administrator, per ${t0.sources.join(" and ")}); ${level}`;
  return graded ? `${level} (at least ${config.minPrivilegeLevel})` : undefined;
}

/** The Microsoft Graph application permission ids (type `Role`) in an application's `requiredResourceAccesses`. */
function graphRoleIds(requiredResourceAccesses: unknown): string[] {
  const ids: string[] = [];
  for (const access of Array.isArray(requiredResourceAccesses) ? (requiredResourceAccesses as { resourceAppId?: unknown; resourceAccesses?: unknown }[]) : []) {
    if (typeof access?.resourceAppId !== "string" || access.resourceAppId.toLowerCase() !== MICROSOFT_GRAPH_APP_ID) continue;
    for (const entry of Array.isArray(access.resourceAccesses) ? (access.resourceAccesses as { id?: unknown; type?: unknown }[]) : []) {
      if (entry?.type === "Role" && typeof entry.id === "string") ids.push(entry.id);
    }
  }
  return ids;
}

/** The privileged Graph application permissions an application requests (its `requiredResourceAccesses`, type `Role`). */
export function privilegedGraphRoles(requiredResourceAccesses: unknown, config: PrivilegedGraphPermissionConfig = DEFAULTS): { permission: Permission; why: string }[] {
  return graphRoleIds(requiredResourceAccesses).flatMap((id) => {
    const hit = permissionById(microsoftGraph(), id, "application");
    const why = hit && privilegeOf(hit, config);
    return hit && why ? [{ permission: hit, why }] : [];
  });
}

/** The Microsoft Graph application permissions (names; ids the catalog does not know) an application requests. */
export function requestsGraphApplicationPermission(requiredResourceAccesses: unknown): string[] {
  return graphRoleIds(requiredResourceAccesses).map((id) => permissionById(microsoftGraph(), id, "application")?.name ?? id);
}

const FIX = "Fix: request the least-privileged permission that covers the calls the workload makes (e.g. User.Read.All instead of " +
  "Directory.ReadWrite.All), or add a reviewed waiver to policies/waivers.yaml naming rule, workload and item.";

function report(sink: ReportSink, args: ResourceValidationArgs, kind: PermissionKind, p: Permission, why: string, how: string): void {
  sink({
    item: p.name,
    message: `${subjectOf(args)}: ${how} Microsoft Graph ${kind} permission ${p.name} — ${why}. ${FIX}`,
  });
}

/**
 * Privileged Microsoft Graph permissions, one finding per permission: application permissions an application requests
 * (its `requiredResourceAccesses`; every application permission a workload holds is declared there, and the admin
 * consent — the AppRoleAssignment — grants exactly those, so the request is reported once and the assignment not again),
 * application permissions granted to a workload without an application (a managed identity: its AppRoleAssignment),
 * and delegated permissions consented for all users (a ServicePrincipalDelegatedPermissionGrant without
 * `userObjectId` is consentType AllPrincipals: terraform-provider-azuread@38d1993a:internal/services/serviceprincipals/
 * service_principal_delegated_permission_grant_resource.go; https://learn.microsoft.com/graph/api/resources/oauth2permissiongrant).
 * A delegated grant's claim values are looked up among Graph's delegated permissions by name.
 */
export const privilegedGraphPermission: ResourceValidationPolicy = {
  name: "privileged-graph-permission",
  description: "Workloads do not hold privileged Microsoft Graph permissions (tier 0, or privilege level 4 or more).",
  enforcementLevel: "mandatory",
  remediationSteps: "Use a less privileged Graph permission, or record a reviewed waiver (rule, workload, item) in policies/waivers.yaml.",
  configSchema: {
    properties: {
      minPrivilegeLevel: { type: "integer", minimum: 1, maximum: 5, default: DEFAULTS.minPrivilegeLevel, description: "Microsoft's privilege grade (1-5) from which a Graph permission is privileged." },
      tier0: { type: "boolean", default: DEFAULTS.tier0, description: "Whether tier-0 Graph permissions (a known path to Global Administrator) are privileged whatever their grade." },
    },
  },
  validateResource: [
    validateResourceOfType(azuread.Application, (app, args, reportViolation) => {
      const config = ruleConfig(args, DEFAULTS);
      const sink = reportViolation as unknown as ReportSink;
      for (const { permission: p, why } of privilegedGraphRoles(app.requiredResourceAccesses, config)) {
        report(sink, args, "application", p, why, "requests (for admin consent, no signed-in user)");
      }
    }),
    validateResourceOfType(azuread.AppRoleAssignment, (assignment, args, reportViolation) => {
      // An application's request is its one finding; a managed identity has no application, so its grant is the finding.
      // The engine passes no workload: there every grant is reported (an application's permission then twice).
      const siblings = workloadResourcesOf(args);
      if (siblings?.some((r) => r.type === typeToken(azuread.Application))) return;
      if (typeof assignment.appRoleId !== "string") return;
      const hit = permissionById(microsoftGraph(), assignment.appRoleId, "application");
      const why = hit && privilegeOf(hit, ruleConfig(args, DEFAULTS));
      if (hit && why) report(reportViolation as unknown as ReportSink, args, "application", hit, why, "is granted (admin consent, no signed-in user)");
    }),
    validateResourceOfType(azuread.ServicePrincipalDelegatedPermissionGrant, (grant, args, reportViolation) => {
      if (typeof grant.userObjectId === "string" && grant.userObjectId !== "") return; // consented for one user only
      const config = ruleConfig(args, DEFAULTS);
      const sink = reportViolation as unknown as ReportSink;
      for (const claim of knownStrings(grant.claimValues)) {
        const lookup = permission(microsoftGraph(), claim, "delegated");
        const why = lookup.ok ? privilegeOf(lookup.value, config) : undefined;
        if (lookup.ok && why) report(sink, args, "delegated", lookup.value, why, "holds, consented for all users in the tenant,");
      }
    }),
  ],
};
