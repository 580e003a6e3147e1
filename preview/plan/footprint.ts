import { needsConsentAsCode } from "../../model/access-summary";
import type { KeyVaultSpec, WorkloadSpec } from "../../model/workload-spec";

/** What the program is given: the vault and the workloads (a slice of them in a shard). */
export interface Declared {
  keyVault: KeyVaultSpec;
  workloads: readonly WorkloadSpec[];
}

/** Resources the program registers per secret pair: the ClientSecret component and its two passwords. */
const SECRET_PAIR = 1 + 2;
/** Per certificate pair: the Certificate component and, per slot, a key, a certificate and the application's certificate. */
const CERTIFICATE_PAIR = 1 + 2 * 3;

function workloadRegistrations(spec: WorkloadSpec): number {
  let count = 1; // the Workload component
  // Key Vault secrets: the client id; an application's tenant id and each rotating pair's newest member too.
  let secrets = 1;
  if (spec.kind === "application") {
    count += 3; // EntraApplication: the component, the application, its service principal
    if (spec.expose !== undefined) count += 1; // the exposed API's identifier URI
    count += spec.signIn?.assignments.length ?? 0; // one app role assignment per user or group that may sign in
    count += spec.flexibleFederatedCredentials?.length ?? 0; // one flexible federated credential each
    secrets += 1;
    for (const c of spec.credentials) {
      if (c.type === "secret") count += SECRET_PAIR;
      if (c.type === "certificate") count += CERTIFICATE_PAIR;
      if (c.type !== "federated") secrets += 1;
    }
  } else {
    count += 2; // ManagedIdentity: the component, the user-assigned identity
  }
  count += secrets;
  const readers = spec.secretReaders?.length ?? 0;
  if (readers > 0) count += 1 + readers * secrets; // SecretReaders, and one role assignment per reader and secret
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
    if (access.stackApi !== undefined) continue; // a workload of the stack: its own principal, not a declared one
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
