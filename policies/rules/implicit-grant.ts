import * as azuread from "@pulumi/azuread";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";

/** Tokens in a URL fragment leak through history and referrers; the authorization code flow with PKCE replaces it. */
export const implicitGrant: ResourceValidationPolicy = {
  name: "implicit-grant",
  description: "Applications do not enable the implicit grant flow.",
  enforcementLevel: "mandatory",
  remediationSteps: "Set web.implicitGrant.accessTokenIssuanceEnabled and idTokenIssuanceEnabled to false and use the authorization code flow (with PKCE).",
  validateResource: validateResourceOfType(azuread.Application, (app, _args, reportViolation) => {
    const grant = app.web?.implicitGrant;
    const enabled = [
      grant?.accessTokenIssuanceEnabled === true ? "access tokens" : undefined,
      grant?.idTokenIssuanceEnabled === true ? "ID tokens" : undefined,
    ].filter((v): v is string => v !== undefined);
    if (enabled.length === 0) return;
    reportViolation(
      `The implicit grant issues ${enabled.join(" and ")} in the URL fragment, where browser history and referrers can leak them. ` +
      "Fix: set web.implicitGrant.accessTokenIssuanceEnabled and idTokenIssuanceEnabled to false and use the authorization code flow with PKCE.",
    );
  }),
};
