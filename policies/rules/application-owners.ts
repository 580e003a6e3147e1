import * as azuread from "@pulumi/azuread";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";

/**
 * An application needs an accountable owner besides the identity that deploys it. Owners can only be users or service
 * principals (https://learn.microsoft.com/en-us/graph/api/application-post-owners), never groups; and the azuread
 * provider removes the deploying identity from the owners it does not list
 * (terraform-provider-azuread@38d1993a:internal/services/applications/application_resource.go, `removeCallerOwner`),
 * so a stack that keeps managing its apps lists the deployer as one owner — and needs at least one more.
 */
export const applicationOwners: ResourceValidationPolicy = {
  name: "application-owners",
  description: "Applications name an accountable owner (a user or service principal) besides the deploying identity.",
  enforcementLevel: "advisory",
  remediationSteps: "Set owners (entra-workloads:defaults.owners in the stack, or the workload's owners) to the object ids of the owning team's people or of its service principal — not a group: Entra refuses groups as owners.",
  validateResource: validateResourceOfType(azuread.Application, (app, _args, reportViolation) => {
    const owners = Array.isArray(app.owners) ? app.owners : [];
    if (owners.length >= 2) return;
    reportViolation(
      `The application has ${owners.length === 0 ? "no owners" : "a single owner (the deploying identity, when deployed by entra-workloads)"}, so nobody is accountable for its credentials and permissions and access reviews have no one to ask. ` +
      "Fix: add the object ids of the owning team's users (or of its service principal) to entra-workloads:defaults.owners or the workload's owners; groups cannot own applications.",
    );
  }),
};
