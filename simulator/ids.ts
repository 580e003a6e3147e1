import { createHash } from "node:crypto";
import { v5 as uuidv5 } from "uuid";

/** Namespace of every simulated id: a UUIDv5 of the project's name in the standard URL namespace. */
// The name is the folder the simulator lived in when it was written; it seeds every simulated GUID, so it stays.
export const SIMULATOR_NAMESPACE: string = uuidv5("https://github.com/entra-workloads/preview/simulator", uuidv5.URL);

/** A deterministic GUID for `purpose` (e.g. "objectId") of the thing named `key` (a URN, a tenant-qualified app id). */
export function guidFor(key: string, purpose: string): string {
  return uuidv5(`${key}#${purpose}`, SIMULATOR_NAMESPACE);
}

/**
 * The URN the mock monitor gives a resource without a parent. `setMocks` does not pass the parent to
 * `newResource`, so ids derive from type and logical name, which this project keeps unique per stack.
 */
export function urnOf(stack: string, project: string, type: string, name: string): string {
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

/** Deterministic bytes for `key`, as many as asked (SHA-256 in counter mode). */
export function bytesFor(key: string, length: number): Buffer {
  const chunks: Buffer[] = [];
  for (let counter = 0; chunks.length * 32 < length; counter++) {
    chunks.push(createHash("sha256").update(`${key}#${counter}`).digest());
  }
  return Buffer.concat(chunks).subarray(0, length);
}

/** Lower-case hex of deterministic bytes, `length` characters. */
export function hexFor(key: string, length: number): string {
  return bytesFor(key, Math.ceil(length / 2)).toString("hex").slice(0, length);
}

const SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";

/**
 * A fake client secret shaped like Entra's (40 characters with `~` at the fourth), deterministic and
 * visibly simulated: it starts with `sim` so nobody mistakes it for a credential.
 */
export function fakeClientSecret(key: string): string {
  const body = [...bytesFor(`${key}#secret`, 36)].map((b) => SECRET_ALPHABET[b % SECRET_ALPHABET.length]).join("");
  return `sim8Q~${body.slice(0, 34)}`;
}

/** The simulated tenant's id, unless the options give one. */
export const DEFAULT_TENANT_ID = guidFor("simulated tenant", "tenantId");

/** The deployer's ids as getClientConfig reports them in tenant `tenantId`: the plan's first owner of everything. */
export function simulatedDeployer(tenantId: string = DEFAULT_TENANT_ID): { clientId: string; objectId: string } {
  return { clientId: guidFor(`tenant/${tenantId}/deployer`, "clientId"), objectId: guidFor(`tenant/${tenantId}/deployer`, "objectId") };
}
