import {
  MAX_CLAIM_LENGTH, MAX_FEDERATED_CREDENTIALS, FEDERATED_NAME_PATTERN, DEFAULT_AUDIENCE,
} from "../model/federated-rules";
import type { SimContext } from "./context";
import { reject } from "./errors";

/** Where a federated credential is written, as the service that stores it names things. */
export interface FederationParent {
  /** `application:{object id}` or `identity:{ARM id}`, lower case. */
  key: string;
  /** `application /applications/{id}` or `managed identity {name}`, for messages. */
  label: string;
  /** The service's generic bad-request code: Graph's `Request_BadRequest`, ARM's `BadRequest`. */
  code: string;
  /** The parent's noun in the service's own message ("Managed Identity" for ARM). */
  noun: string;
}

export interface FederatedCredentialRequest {
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
}

/**
 * What Entra ID (Graph, for an application) and ARM (for a user-assigned managed identity) refuse when a federated
 * identity credential is created. Rules and sources: model/federated-rules.ts; the service messages are the
 * ones the "Errors" table of https://learn.microsoft.com/en-us/entra/workload-id/workload-identity-federation-considerations
 * lists for applications and user-assigned managed identities (that table gives HTTP 400 and the message, not the
 * error code: the code is each service's generic bad-request code). Checks that only the token exchange fails
 * (issuer form, GitHub subject forms, case) are the manifest's: Graph and ARM accept those credentials.
 */
export function checkFederatedCredential(parent: FederationParent, request: FederatedCredentialRequest, ctx: SimContext): void {
  const { code } = parent;
  if (request.audiences.length !== 1) {
    reject(code, "Federated identity credentials must have exactly one audience.", ctx.resource,
      `give exactly one audience, ${DEFAULT_AUDIENCE} (has ${request.audiences.length}); declare one credential per audience if more are needed.`);
  }
  if (!FEDERATED_NAME_PATTERN.test(request.name)) {
    reject(code, `Federated Identity Credential name '${request.name}' is invalid.`, ctx.resource,
      "use 3–120 letters, digits, dashes or underscores, starting with a letter or digit.");
  }
  for (const [field, value] of [["issuer", request.issuer], ["subject", request.subject], ["audiences", request.audiences[0]]] as const) {
    if (value.length > MAX_CLAIM_LENGTH) {
      reject(code, `The ${field} of a federated identity credential has a limit of ${MAX_CLAIM_LENGTH} characters.`, ctx.resource,
        `shorten the ${field} (${value.length} characters) to at most ${MAX_CLAIM_LENGTH}.`);
    }
  }
  const existing = ctx.directory.federatedCredentials.get(parent.key) ?? [];
  if (existing.length >= MAX_FEDERATED_CREDENTIALS) {
    reject(
      code,
      `A maximum of ${MAX_FEDERATED_CREDENTIALS} federated identity credentials can be added to an application or user-assigned managed identity; ${parent.label} already has ${existing.length}.`,
      ctx.resource,
      `split the trust across another application or managed identity, or use one credential per issuer/subject that is really needed (existing: ${existing.slice(0, 3).map((c) => c.createdBy).join(", ")}${existing.length > 3 ? ", …" : ""}).`,
    );
  }
  const same = existing.find((c) => c.issuer === request.issuer && c.subject === request.subject);
  if (same) {
    reject(code, `Issuer and subject combination already exists for this ${parent.noun}.`, ctx.resource,
      `"${same.createdBy}" (name ${same.name}) already trusts issuer ${request.issuer} and subject ${request.subject}; remove one of the two, or rename with renamedFrom so the old credential is deleted first.`);
  }
  ctx.directory.federatedCredentials.set(parent.key, [...existing, { createdBy: ctx.resource.name, ...request }]);
}
