import * as authorization from "@pulumi/azure-native/authorization";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as azuread from "@pulumi/azuread";
import type { ResourceValidationArgs, ResourceValidationPolicy, ReportViolation } from "@pulumi/policy";
import { microsoftGraph, permissionById, role } from "../../model/catalog";
import type { ReportSink } from "../apply-waivers";
import { subjectOf, trailingGuid, typeToken, workloadResourcesOf, type WorkloadResource } from "../support";
import { privilegedGraphRoles, privilegeOf } from "./privileged-graph-permission";

const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";

/**
 * Why a trusted subject is broad, or `undefined`:
 * - GitHub's `repo:<org>/<repo>:pull_request` subject is what every workflow run for a pull request gets — from any
 *   branch, and from forks when the workflow runs for them (https://docs.github.com/actions/security-for-github-actions/
 *   security-hardening-your-deployments/about-security-hardening-with-openid-connect#example-subject-claims: "filtering
 *   for pull_request events");
 * - a `*` in a subject, or a flexible credential's `claimsMatchingExpression` (wildcards over claims:
 *   https://learn.microsoft.com/entra/workload-id/workload-identities-flexible-federated-identity-credentials), matches
 *   subjects nobody listed one by one.
 */
export function broadTrust(issuer: unknown, subject: unknown, expression: unknown): string | undefined {
  if (typeof expression === "string" && expression !== "") return `a flexible claims expression (${expression})`;
  if (typeof subject !== "string") return undefined;
  if (subject.includes("*")) return `a wildcard subject (${subject})`;
  if (typeof issuer === "string" && issuer.replace(/\/$/, "") === GITHUB_ISSUER && /:pull_request$/.test(subject)) {
    return `GitHub's pull_request subject (${subject}), which any pull request's workflow run obtains`;
  }
  return undefined;
}

/** The privileged access a workload holds: tier-0 / level ≥ 4 Graph application permissions and privileged Azure roles. */
export function privilegedAccess(siblings: readonly WorkloadResource[]): string[] {
  const application = typeToken(azuread.Application);
  const roleAssignment = typeToken(authorization.RoleAssignment);
  const appRoleAssignment = typeToken(azuread.AppRoleAssignment);
  const out: string[] = [];
  for (const r of siblings) {
    if (r.type === application) out.push(...privilegedGraphRoles(r.props.requiredResourceAccesses).map((p) => `Microsoft Graph ${p.permission.name}`));
    if (r.type === appRoleAssignment && typeof r.props.appRoleId === "string") {
      const hit = permissionById(microsoftGraph(), r.props.appRoleId, "application");
      if (hit && privilegeOf(hit) !== undefined) out.push(`Microsoft Graph ${hit.name}`);
    }
    if (r.type === roleAssignment) {
      const id = trailingGuid(r.props.roleDefinitionId);
      const lookup = id === undefined ? undefined : role(id);
      if (lookup?.ok && lookup.value.privileged === true) out.push(`${lookup.value.name} @ ${typeof r.props.scope === "string" ? r.props.scope : "(scope unknown)"}`);
    }
  }
  return [...new Set(out)];
}

function judge(args: ResourceValidationArgs, reportViolation: ReportViolation, issuer: unknown, subject: unknown, expression: unknown): void {
  const broad = broadTrust(issuer, subject, expression);
  if (broad === undefined) return;
  const privileged = privilegedAccess(workloadResourcesOf(args) ?? []);
  const sink = reportViolation as unknown as ReportSink;
  const fix = "Fix: trust a protected GitHub environment (repo:<org>/<repo>:environment:<name>) or a protected branch " +
    "(repo:<org>/<repo>:ref:refs/heads/main) instead, or give the pull-request identity read-only access.";
  sink({
    item: args.name,
    enforcementLevel: privileged.length > 0 ? "mandatory" : "advisory",
    message: privileged.length > 0
      ? `${subjectOf(args)}: federated credential ${args.name} trusts ${broad}, and the workload holds privileged access (${privileged.join(", ")}). ${fix}`
      : `${subjectOf(args)}: federated credential ${args.name} trusts ${broad}; the workload holds no privileged access today, keep it so. ${fix}`,
  });
}

/**
 * Federated credentials that any pull request, a wildcard or a flexible expression satisfies: mandatory on a workload
 * holding privileged access (tier-0 or level ≥ 4 Graph application permissions, or a privileged Azure role), advisory
 * otherwise. The workload's access comes from the offline evaluator (`workloadResources`); in the Pulumi engine, which
 * passes none, every broad trust is advisory.
 */
export const federatedTrust: ResourceValidationPolicy = {
  name: "federated-trust",
  description: "Privileged workloads do not trust pull-request, wildcard or flexible federated subjects.",
  enforcementLevel: "mandatory",
  remediationSteps: "Trust a protected environment or branch subject, or drop the privileged access.",
  validateResource: [
    (args, reportViolation) => {
      if (args.type === typeToken(azuread.ApplicationFederatedIdentityCredential)) {
        judge(args, reportViolation, args.props.issuer, args.props.subject, undefined);
      } else if (args.type === typeToken(azuread.ApplicationFlexibleFederatedIdentityCredential)) {
        judge(args, reportViolation, args.props.issuer, undefined, args.props.claimsMatchingExpression);
      } else if (args.type === typeToken(managedidentity.FederatedIdentityCredential)) {
        judge(args, reportViolation, args.props.issuer, args.props.subject, undefined);
      }
    },
  ],
};
