import { needsConsentAsCode } from "../../model/access-summary";
import type { KeyVaultSpec, WorkloadSpec } from "../../model/workload-spec";

/** What the program is given: the vault and the workloads (a slice of them in a shard). */
export interface Declared {
  keyVault: KeyVaultSpec;
  workloads: readonly WorkloadSpec[];
}

/** Resources the program registers per secret pair: the ClientSecret component, its two passwords, the Key Vault secret. */
const SECRET_PAIR = 1 + 2 + 1;
/** Per certificate pair: the Certificate component, per slot a key, a certificate and the application's certificate; the Key Vault secret. */
const CERTIFICATE_PAIR = 1 + 2 * 3 + 1;

function workloadRegistrations(spec: WorkloadSpec): number {
  let count = 1; // the Workload component
  if (spec.kind === "application") {
    count += 3; // EntraApplication: the component, the application, its service principal
    count += 2; // Key Vault secrets: client id, tenant id
    for (const c of spec.credentials) count += c.type === "secret" ? SECRET_PAIR : c.type === "certificate" ? CERTIFICATE_PAIR : 0;
  } else {
    count += 2; // ManagedIdentity: the component, the user-assigned identity
    count += 1; // Key Vault secret: client id
  }
  const federated = spec.credentials.filter((c) => c.type === "federated").length;
  if (federated > 0) count += 1 + federated; // FederatedCredentials and one credential each
  if (spec.roles.length > 0) count += 1 + spec.roles.length; // RoleAssignments and one assignment each
  const consented = spec.apiPermissions.filter(needsConsentAsCode);
  if (consented.length > 0) {
    // ApiAccess, one app role assignment per application permission, one delegated grant per API with scopes
    count += 1 + consented.reduce((n, a) => n + a.application.length + (a.delegated.length > 0 ? 1 : 0), 0);
  }
  return count;
}

/** The APIs whose service principal the stack declares (ResourceServicePrincipals.get): consented ones, and any whose permission ids only the tenant knows. */
function resourceServicePrincipals(workloads: readonly WorkloadSpec[]): number {
  const apis = new Set<string>();
  for (const access of workloads.flatMap((w) => w.apiPermissions)) {
    const unknownId = [...access.application, ...access.delegated].some((p) => p.catalog === undefined);
    if (needsConsentAsCode(access) || unknownId) apis.add(access.apiAppId.toLowerCase());
  }
  return apis.size;
}

/**
 * How many resources, components included, the program (index.ts) registers for `declared`: the total `npm run plan`
 * counts progress against. It follows what index.ts and components/ declare; test/plan-progress.test.ts holds it to
 * the count of real runs, so a component that declares one more resource fails there first.
 */
export function plannedRegistrations(declared: Declared): number {
  const vault = 1 + (declared.keyVault.create ? 1 : 0); // WorkloadVault, and the vault it creates
  const apis = 1 + resourceServicePrincipals(declared.workloads); // ResourceServicePrincipals and one per API
  return vault + apis + declared.workloads.reduce((n, w) => n + workloadRegistrations(w), 0);
}
