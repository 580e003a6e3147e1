import { v5 as uuidv5 } from "uuid";

/** Our own UUIDv5 namespace, derived (not typed) from the project's URL-style name. */
const NAMESPACE = uuidv5("urn:entra-workloads", uuidv5.URL);

/**
 * A GUID that ARM requires as a resource name (role assignments), derived from stable logical names so
 * re-runs and imports are idempotent and the name is known at preview.
 */
export function deterministicGuid(...parts: string[]): string {
  return uuidv5(parts.join("/"), NAMESPACE);
}

/** Key Vault secret names: `<workload>-<purpose>`. */
export function secretName(workload: string, purpose: "client-id" | "tenant-id" | "client-secret" | "certificate"): string {
  return `${workload}-${purpose}`;
}
