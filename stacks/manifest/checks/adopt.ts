import { isGuid } from "../../../model/catalog";
import type { AdoptedIdentity } from "../../../model/workload-spec";
import type { PathSegment, ProblemList } from "../problems";
import type { WorkloadSpec } from "../schema";

/**
 * ARM id of a user-assigned identity, the form the azure-native provider imports it by
 * (https://www.pulumi.com/registry/packages/azure-native/api-docs/managedidentity/userassignedidentity/#import:
 * `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{resourceName}`).
 * ARM resource ids are case-insensitive (https://learn.microsoft.com/en-us/azure/azure-resource-manager/management/resource-name-rules).
 */
const IDENTITY_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/([^/]+)$/i;

/**
 * `workloads.<name>.adopt`: the existing identity the first `pulumi up` imports (Pulumi's `import` resource option:
 * read by id, then updated to the program's inputs; ignored once the resource is in the state,
 * https://www.pulumi.com/docs/iac/concepts/resources/options/import/). Applications are imported by
 * `/applications/{objectId}` and `/servicePrincipals/{objectId}` (terraform-provider-azuread@38d1993a:
 * internal/services/applications/application_resource.go and internal/services/serviceprincipals/
 * service_principal_resource.go, `Importer`); the client id is recorded so the plan keeps it. A managed identity is
 * imported by its ARM id, whose resource group and name must be the ones the program declares: `resourceGroupName`
 * and `resourceName` are part of the id, so another value would make Pulumi replace the identity (a new client id).
 */
export function checkAdopt(spec: WorkloadSpec, path: readonly PathSegment[], problems: ProblemList): AdoptedIdentity | undefined {
  const adopt = spec.adopt;
  if (spec.type === "managedIdentity" && spec.displayName !== undefined) {
    problems.add([...path, "displayName"], "applies to applications only; a managed identity's name is its Azure resource name (adopt.id)");
  }
  if (!adopt) return undefined;
  const at = [...path, "adopt"];
  const forbid = (fields: (keyof typeof adopt)[], why: string) => {
    for (const f of fields) if (adopt[f] !== undefined) problems.add([...at, f], why);
  };
  if (spec.type === "application") {
    forbid(["clientId", "principalId"], "applies to managed identities; an application has appId and servicePrincipalId");
    if (!isGuid(adopt.id)) problems.add([...at, "id"], `"${adopt.id}" is not an application object id (a GUID, Graph application.id)`);
    if (!adopt.appId) problems.add([...at, "appId"], "is required: the client id the adopted application keeps (Graph application.appId)");
    if (!adopt.servicePrincipalId) problems.add([...at, "servicePrincipalId"], "is required: the object id of the application's service principal (Graph servicePrincipal.id); without it Pulumi would try to create a second one, which Entra refuses");
    if (!isGuid(adopt.id) || !adopt.servicePrincipalId) return undefined;
    return { importId: `/applications/${adopt.id}`, servicePrincipalImportId: `/servicePrincipals/${adopt.servicePrincipalId}` };
  }
  forbid(["appId", "servicePrincipalId"], "applies to applications; a managed identity has clientId and principalId");
  if (!adopt.clientId) problems.add([...at, "clientId"], "is required: the client id the identity keeps (ARM properties.clientId)");
  if (!adopt.principalId) problems.add([...at, "principalId"], "is required: the identity's principal id (ARM properties.principalId)");
  const match = IDENTITY_ID.exec(adopt.id);
  if (!match) {
    problems.add([...at, "id"], `"${adopt.id}" is not the ARM id of a user-assigned identity; use /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>`);
    return undefined;
  }
  if (spec.resourceGroupName !== undefined && spec.resourceGroupName.toLowerCase() !== match[2].toLowerCase()) {
    problems.add([...path, "resourceGroupName"], `is "${spec.resourceGroupName}" but the adopted identity is in resource group "${match[2]}"; set resourceGroupName: ${match[2]} (another group would replace the identity)`);
  }
  return { importId: adopt.id, resourceName: match[3] };
}
