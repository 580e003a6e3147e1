import type { SimulatedTenant } from "../../simulator";

type AdoptBlock = { id?: unknown; appId?: unknown; servicePrincipalId?: unknown; clientId?: unknown; principalId?: unknown };

/**
 * What the offline plan may take to exist: the identities the manifest's `adopt` blocks name (written by
 * `npm run adopt` from a tenant snapshot). The simulator answers their imports with these ids, so an adopted
 * workload plans with the client id it already has; the plan lists each as an assumption. Reads the stack
 * config as the engine passes it (JSON strings) and skips anything malformed: the manifest reports that.
 */
export function adoptedTenant(config: Record<string, string>): SimulatedTenant {
  let workloads: unknown;
  try {
    workloads = JSON.parse(config["entra-workloads:workloads"] ?? "{}");
  } catch {
    return {};
  }
  if (workloads === null || typeof workloads !== "object" || Array.isArray(workloads)) return {};
  const existing: Required<NonNullable<SimulatedTenant["existing"]>> = { applications: [], servicePrincipals: [], userAssignedIdentities: [] };
  for (const [name, value] of Object.entries(workloads as Record<string, unknown>)) {
    const adopt = (value as { adopt?: AdoptBlock } | null)?.adopt;
    if (!adopt || typeof adopt.id !== "string") continue;
    const declaredBy = `workloads.${name}.adopt`;
    const text = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
    const appId = text(adopt.appId);
    const clientId = text(adopt.clientId);
    const principalId = text(adopt.principalId);
    if (appId) existing.applications.push({ id: adopt.id, appId, declaredBy });
    const spId = text(adopt.servicePrincipalId);
    if (spId) existing.servicePrincipals.push({ id: spId, ...(appId ? { appId } : {}), declaredBy });
    if (clientId && principalId) existing.userAssignedIdentities.push({ id: adopt.id, clientId, principalId, declaredBy });
  }
  const any = existing.applications.length + existing.servicePrincipals.length + existing.userAssignedIdentities.length > 0;
  return any ? { existing } : {};
}
