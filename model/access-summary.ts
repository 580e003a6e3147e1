import type { ApiPermissionGrant, RoleAssignmentGrant, SecretReaderSummary, TokenAudience } from "./summary";
import type { SecretReader } from "./exposed-api";
import type { ApiAccessSpec, RoleGrantSpec } from "./workload-spec";

/** Consent as code applies to entries that ask for permissions and want consent granted by this stack. */
export function needsConsentAsCode(access: ApiAccessSpec): boolean {
  return access.adminConsent && access.application.length + access.delegated.length > 0;
}

/** What a workload's API permissions grant, in the words an auditor reads (catalog facts, consent state). */
export function apiPermissionGrants(apis: readonly ApiAccessSpec[]): ApiPermissionGrant[] {
  return apis.flatMap((access) => (["application", "delegated"] as const).flatMap((kind) =>
    access[kind].map((perm) => ({
      api: access.apiName,
      apiAppId: access.apiAppId,
      kind,
      name: perm.name,
      id: perm.catalog?.id ?? null,
      privilegeLevel: perm.catalog?.privilegeLevel ?? null,
      adminConsent: access.adminConsent,
      ...(access.stackApi === undefined ? {} : { stackApi: access.stackApi }),
      ...(access.api === undefined && access.stackApi === undefined ? { resolvedAtDeploy: true } : {}),
    }))));
}

export function roleAssignmentGrants(roles: readonly RoleGrantSpec[]): RoleAssignmentGrant[] {
  return roles.map((grant) => ({
    role: grant.role.name,
    roleDefinitionId: grant.role.id,
    scope: grant.scope,
    // A custom role cannot be judged offline: count it as privileged until someone reviews it.
    privileged: grant.role.privileged ?? true,
  }));
}

/** The URL a Global Administrator opens to consent to what the application requests. */
export function adminConsentUrl(tenantId: string, clientId: string): string {
  return `https://login.microsoftonline.com/${tenantId}/adminconsent?client_id=${clientId}`;
}

export function tokenAudiences(apis: readonly ApiAccessSpec[]): TokenAudience[] {
  return apis.flatMap((access) => (access.api ? [{ api: access.api.name, tokenResource: access.api.tokenResource, defaultScope: access.api.defaultScope }] : []));
}

/** Who may read which of the workload's Key Vault secrets, for the report and the access diff. */
export function secretReaderSummaries(readers: readonly SecretReader[], secrets: readonly string[]): SecretReaderSummary[] {
  return readers.map((r) => r.kind === "workload"
    ? { reader: r.workload, principalType: "ServicePrincipal", workload: true, secrets: [...secrets] }
    : { reader: r.objectId, principalType: r.principalType, workload: false, secrets: [...secrets] });
}
