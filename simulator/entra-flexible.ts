import { MAX_FEDERATED_CREDENTIALS, FEDERATED_NAME_PATTERN, MAX_CLAIM_LENGTH } from "../model/federated-rules";
import { claimsExpressionFlaw } from "../model/flexible-federated";
import type { ResourceHandler } from "./context";
import { reject } from "./errors";
import { guidFor } from "./ids";
import { str } from "./inputs";

/**
 * `azuread:index/applicationFlexibleFederatedIdentityCredential:ApplicationFlexibleFederatedIdentityCredential`: a
 * federated identity credential with `claimsMatchingExpression` instead of `subject`
 * (terraform-provider-azuread@38d1993a:internal/services/applications/application_flexible_federated_identity_credential_resource.go:
 * audience 1–600 characters, display_name 1–120, issuer and expression not blank). It counts toward the application's
 * 20 federated credentials (model/federated-rules.ts) and its name follows the same rule; an expression outside the
 * language's structure is refused as Graph's generic bad request (model/flexible-federated.ts).
 */
export const applicationFlexibleFederatedIdentityCredential: ResourceHandler = (raw, inputs, ctx) => {
  const appId = str(inputs, "applicationId") ?? "";
  const name = str(inputs, "displayName") ?? "";
  const issuer = str(inputs, "issuer") ?? "";
  const expression = str(inputs, "claimsMatchingExpression") ?? "";
  const audience = str(inputs, "audience") ?? "";
  const code = "Request_BadRequest";
  if (!FEDERATED_NAME_PATTERN.test(name)) {
    reject(code, `Federated Identity Credential name '${name}' is invalid.`, ctx.resource, "use 3–120 letters, digits, dashes or underscores, starting with a letter or digit.");
  }
  if (audience.length === 0 || audience.length > MAX_CLAIM_LENGTH) {
    reject(code, "Invalid value specified for property 'audiences' of resource 'FederatedIdentityCredential'.", ctx.resource, `give one audience of 1–${MAX_CLAIM_LENGTH} characters.`);
  }
  const flaw = claimsExpressionFlaw(expression);
  if (flaw) reject(code, "Invalid value specified for property 'claimsMatchingExpression' of resource 'FederatedIdentityCredential'.", ctx.resource, flaw);
  const key = `application:${appId.toLowerCase()}`;
  const existing = ctx.directory.federatedCredentials.get(key) ?? [];
  if (existing.length >= MAX_FEDERATED_CREDENTIALS) {
    reject(code, `A maximum of ${MAX_FEDERATED_CREDENTIALS} federated identity credentials can be added to an application or user-assigned managed identity; application ${appId} already has ${existing.length}.`,
      ctx.resource, "one flexible credential can replace several: widen its expression, or split the trust across another application.");
  }
  ctx.directory.federatedCredentials.set(key, [...existing, { createdBy: ctx.resource.name, name, issuer, subject: expression }]);
  const credentialId = guidFor(ctx.urn, "credentialId");
  return { id: `${appId}/federatedIdentityCredential/${credentialId}`, state: { ...raw, credentialId } };
};
