import { checkAppManagementPolicy } from "./app-management-policy";
import type { ResourceHandler, SimContext } from "./context";
import { reject } from "./errors";
import { checkFederatedCredential } from "./federated-credentials";
import { fakeClientSecret, guidFor } from "./ids";
import { addDuration, str, strings, time, type Inputs } from "./inputs";
import { asSecret } from "./secrets";

const TWO_YEARS_MS = 2 * 365 * 24 * 3_600_000;
const ONE_YEAR_MS = 365 * 24 * 3_600_000;

interface Validity {
  startDate: Date;
  endDate: Date;
}

/**
 * Start and end of a password or certificate credential, as Graph would store them: `startDate`
 * defaults to now, `endDate` to `endDateRelative` after the start, else to `defaultLifetimeMs`.
 * An end in the past (or not after the start) is refused the way Graph refuses it: `endDateTime` must follow
 * `startDateTime` (https://learn.microsoft.com/graph/api/resources/passwordcredential,
 * https://learn.microsoft.com/graph/api/resources/keycredential). The wording "Key credential end date is invalid." is
 * as commonly reported; not confirmed against a tenant.
 */
function validity(inputs: Inputs, ctx: SimContext, defaultLifetimeMs: number): Validity {
  const startDate = time(inputs, "startDate") ?? ctx.now;
  const relative = str(inputs, "endDateRelative");
  const endDate = time(inputs, "endDate")
    ?? (relative !== undefined ? addDuration(startDate, relative) : undefined)
    ?? new Date(startDate.getTime() + defaultLifetimeMs);
  if (endDate.getTime() <= ctx.now.getTime() || endDate.getTime() <= startDate.getTime()) {
    const reason = endDate.getTime() <= ctx.now.getTime()
      ? `endDate ${endDate.toISOString()} is not after now (${ctx.now.toISOString()})`
      : `endDate ${endDate.toISOString()} is not after startDate ${startDate.toISOString()}`;
    reject(
      "Request_BadRequest",
      "Key credential end date is invalid.",
      ctx.resource,
      `${reason}; compute the end date from the deployment clock (e.g. now + lifetimeDays) so every credential expires in the future.`,
    );
  }
  return { startDate, endDate };
}

/** `/applications/{objectId}` from an `applicationId` input, or the input itself when it has another shape. */
function applicationResourceId(inputs: Inputs): string {
  return str(inputs, "applicationId") ?? "";
}

/** `azuread:index/applicationPassword:ApplicationPassword`: a client secret with a fake, clearly simulated value. */
export const applicationPassword: ResourceHandler = (raw, inputs, ctx) => {
  const { startDate, endDate } = validity(inputs, ctx, TWO_YEARS_MS);
  checkAppManagementPolicy(ctx, "password", startDate, endDate);
  const keyId = guidFor(ctx.urn, "keyId");
  return {
    id: `${applicationResourceId(inputs)}/password/${keyId}`,
    state: {
      ...raw,
      keyId,
      value: asSecret(fakeClientSecret(ctx.urn)),
      startDate: startDate.toISOString(),
      endDate: endDate.toISOString(),
    },
  };
};

/** `azuread:index/applicationCertificate:ApplicationCertificate`: a public certificate on an application. */
export const applicationCertificate: ResourceHandler = (raw, inputs, ctx) => {
  const { startDate, endDate } = validity(inputs, ctx, ONE_YEAR_MS);
  checkAppManagementPolicy(ctx, "certificate", startDate, endDate);
  const keyId = str(inputs, "keyId") ?? guidFor(ctx.urn, "keyId");
  return {
    id: `${applicationResourceId(inputs)}/certificate/${keyId}`,
    state: {
      ...raw,
      keyId,
      encoding: str(inputs, "encoding") ?? "pem",
      type: str(inputs, "type") ?? "AsymmetricX509Cert",
      startDate: startDate.toISOString(),
      endDate: endDate.toISOString(),
    },
  };
};

/** `azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential`. */
export const applicationFederatedIdentityCredential: ResourceHandler = (raw, inputs, ctx) => {
  const appId = applicationResourceId(inputs);
  checkFederatedCredential(
    { key: `application:${appId.toLowerCase()}`, label: `application ${appId}`, code: "Request_BadRequest", noun: "application" },
    { name: str(inputs, "displayName") ?? "", issuer: str(inputs, "issuer") ?? "", subject: str(inputs, "subject") ?? "", audiences: strings(inputs, "audiences") },
    ctx,
  );
  const credentialId = guidFor(ctx.urn, "credentialId");
  return { id: `${appId}/federatedIdentityCredential/${credentialId}`, state: { ...raw, credentialId } };
};
