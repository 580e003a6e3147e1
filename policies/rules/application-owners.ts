import * as azuread from "@pulumi/azuread";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";

/** An application without owners has nobody accountable for its credentials and permissions. */
export const applicationOwners: ResourceValidationPolicy = {
  name: "application-owners",
  description: "Applications name their owners.",
  enforcementLevel: "advisory",
  remediationSteps: "Set owners (e.g. entra-workloads:defaults.owners in the stack) to the owning team's users or group.",
  validateResource: validateResourceOfType(azuread.Application, (app, _args, reportViolation) => {
    if (Array.isArray(app.owners) && app.owners.length > 0) return;
    reportViolation(
      "The application has no owners, so nobody is accountable for its credentials and permissions and access reviews have no one to ask. " +
      "Fix: set owners to the owning team's object ids (entra-workloads:defaults.owners or the workload's owners).",
    );
  }),
};
