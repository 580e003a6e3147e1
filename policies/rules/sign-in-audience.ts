import * as azuread from "@pulumi/azuread";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";

const SINGLE_TENANT = "AzureADMyOrg";

/** Workload identities serve one tenant; multi-tenant apps can be consented to in other tenants. */
export const signInAudience: ResourceValidationPolicy = {
  name: "sign-in-audience",
  description: "Applications are single-tenant.",
  enforcementLevel: "advisory",
  remediationSteps: `Set signInAudience: ${SINGLE_TENANT} unless the app is meant to be used from other tenants.`,
  validateResource: validateResourceOfType(azuread.Application, (app, _args, reportViolation) => {
    const audience = app.signInAudience;
    if (typeof audience !== "string" || audience === SINGLE_TENANT) return; // unset means AzureADMyOrg
    reportViolation(
      `signInAudience is "${audience}", so accounts (and admins consenting) from other tenants can use the app. ` +
      `Fix: set signInAudience: "${SINGLE_TENANT}" unless the app is deliberately multi-tenant.`,
    );
  }),
};
