import type { ConformanceCase } from "./case";
import { OWNERS, VAULT } from "../support/program";
import { parseAppManagementPolicy, type AppManagementPolicy } from "../../simulator/app-management-policy";

const TENANT_POLICY = "https://learn.microsoft.com/graph/api/resources/tenantappmanagementpolicy";
const PASSWORD_CONFIG = "https://learn.microsoft.com/graph/api/resources/passwordcredentialconfiguration";
const KEY_CONFIG = "https://learn.microsoft.com/graph/api/resources/keycredentialconfiguration";
const LIFETIME_ERROR = "https://github.com/microsoft/PubSec-Info-Assistant/issues/681";

/**
 * A tenantAppManagementPolicy in the shape `GET /policies/defaultAppManagementPolicy` returns
 * (https://learn.microsoft.com/graph/api/tenantappmanagementpolicy-get), with the restrictions of the Graph docs'
 * update example (https://learn.microsoft.com/graph/api/tenantappmanagementpolicy-update) that a case needs.
 */
export function tenantPolicy(passwordCredentials: unknown[], keyCredentials: unknown[] = []): AppManagementPolicy {
  return parseAppManagementPolicy({
    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#policies/defaultAppManagementPolicy/$entity",
    id: "00000000-0000-0000-0000-000000000000",
    displayName: "Default app management tenant policy",
    isEnabled: true,
    applicationRestrictions: { passwordCredentials, keyCredentials },
    servicePrincipalRestrictions: { passwordCredentials: [], keyCredentials: [] },
  }, "test policy");
}

const one = (workload: unknown) => ({ keyVault: VAULT, defaults: OWNERS, workloads: { app: workload } });

/** The tenant's app management policy (issue 17): credentials Entra refuses under it. */
export const guardrailsCases: ConformanceCase[] = [
  {
    rule: "tenant-password-lifetime",
    catches: "a client secret longer than the tenant app management policy's passwordLifetime (a 120-day secret against P90D)",
    source: `${TENANT_POLICY} ; ${PASSWORD_CONFIG} ; ${LIFETIME_ERROR}`,
    realError: "CredentialInvalidLifetimeAsPerAppPolicy: Credential lifetime exceeds the max value allowed as per assigned policy '<id>'.",
    manifest: one({ credentials: [{ type: "secret", lifetimeDays: 120 }] }),
    tenant: { appManagementPolicy: tenantPolicy([{ restrictionType: "passwordLifetime", maxLifetime: "P90D", restrictForAppsCreatedAfterDateTime: "2017-01-01T10:37:00Z" }]) },
    expect: { exit: 3, code: "CredentialInvalidLifetimeAsPerAppPolicy", resource: /^app-secret-(blue|green)$/, message: /restrictionType: passwordLifetime, maxLifetime: P90D/ },
  },
  {
    rule: "tenant-password-addition",
    catches: "a client secret in a tenant whose app management policy blocks password addition",
    source: `${TENANT_POLICY} ; ${PASSWORD_CONFIG}`,
    realError: "CredentialTypeNotAllowedAsPerAppPolicy (code inferred from the lifetime error's naming; not verified against a tenant)",
    manifest: one({ credentials: [{ type: "secret", lifetimeDays: 90 }] }),
    tenant: { appManagementPolicy: tenantPolicy([{ restrictionType: "passwordAddition", maxLifetime: null, restrictForAppsCreatedAfterDateTime: "2021-01-01T10:37:00Z" }]) },
    expect: { exit: 3, code: "CredentialTypeNotAllowedAsPerAppPolicy", resource: /^app-secret-(blue|green)$/, message: /restrictionType: passwordAddition/ },
  },
  {
    rule: "tenant-certificate-lifetime",
    catches: "a certificate longer than the tenant app management policy's asymmetricKeyLifetime",
    source: `${TENANT_POLICY} ; ${KEY_CONFIG} ; ${LIFETIME_ERROR}`,
    realError: "CredentialInvalidLifetimeAsPerAppPolicy: Credential lifetime exceeds the max value allowed as per assigned policy '<id>'.",
    manifest: one({ credentials: [{ type: "certificate", lifetimeDays: 180 }] }),
    tenant: { appManagementPolicy: tenantPolicy([], [{ restrictionType: "asymmetricKeyLifetime", maxLifetime: "P30D", restrictForAppsCreatedAfterDateTime: "2015-01-01T10:37:00Z" }]) },
    expect: { exit: 3, code: "CredentialInvalidLifetimeAsPerAppPolicy", resource: /^app-cert-(blue|green)$/, message: /asymmetricKeyLifetime, maxLifetime: P30D/ },
  },
];
