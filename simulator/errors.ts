/** Where a rejected registration came from: the logical name and the type token. */
export interface ResourceRef {
  name: string;
  type: string;
}

/**
 * A request Entra ID or ARM would refuse. The message starts with the service's own error code, then
 * the service's wording, then which resource and how to fix it:
 * `RoleAssignmentExists: The role assignment already exists. — resource "law-reader-ra-0"
 * (azure-native:authorization:RoleAssignment). Fix: …`
 */
export class AzureRejection extends Error {
  constructor(
    /** Azure's error code, e.g. `PrincipalNotFound`, `Request_BadRequest`, `VaultNameNotValid`. */
    readonly code: string,
    /** What the service says, in its words (never containing a secret value). */
    readonly serviceMessage: string,
    readonly resource: ResourceRef,
    /** What to change so `pulumi up` succeeds. */
    readonly fix: string,
  ) {
    super(`${code}: ${serviceMessage} — resource "${resource.name}" (${resource.type}). Fix: ${fix}`);
    this.name = "AzureRejection";
  }
}

/** Throws an {@link AzureRejection}. */
export function reject(code: string, serviceMessage: string, resource: ResourceRef, fix: string): never {
  throw new AzureRejection(code, serviceMessage, resource, fix);
}

/**
 * An invoke the provider would fail. Pulumi's runtime reads a failed invoke's gRPC `details`, not its
 * `message`, so both carry the provider's text.
 */
export class InvokeFailure extends Error {
  readonly details: string;

  constructor(message: string) {
    super(message);
    this.name = "InvokeFailure";
    this.details = message;
  }
}
