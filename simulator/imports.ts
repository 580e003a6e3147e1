import type { SimContext, SimulatedTenant } from "./context";
import { reject, type ResourceRef } from "./errors";

/** The ids of an existing object a registration with Pulumi's `import` option adopts, as the tenant has them. */
export interface ExistingObject {
  objectId?: string;
  clientId?: string;
  principalId?: string;
  tenantId?: string;
}

/** Identities the tenant holds before the run, which `import` options may adopt (from the manifest's `adopt` blocks). */
export interface ExistingIdentities {
  applications?: { id: string; appId: string; declaredBy?: string }[];
  servicePrincipals?: { id: string; appId?: string; declaredBy?: string }[];
  userAssignedIdentities?: { id: string; clientId: string; principalId: string; tenantId?: string; declaredBy?: string }[];
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

function lastSegment(id: string): string {
  return id.replace(/\/+$/, "").split("/").pop() ?? id;
}

/**
 * Answers an import like the provider's Read does: the object by its import id, or Graph's / ARM's not-found error
 * (the import then fails: https://www.pulumi.com/docs/iac/concepts/resources/options/import/ — Pulumi reads the
 * resource by id first). Graph answers a missing object with `Request_ResourceNotFound`
 * (https://learn.microsoft.com/en-us/graph/errors); ARM with `ResourceNotFound`
 * (https://learn.microsoft.com/en-us/azure/azure-resource-manager/troubleshooting/error-not-found).
 * Returns undefined for types whose import the simulator does not model (their state is their inputs).
 */
export function existingObject(type: string, importId: string, tenant: SimulatedTenant, resource: ResourceRef, ctx: Pick<SimContext, "directory">): ExistingObject | undefined {
  const existing = tenant.existing ?? {};
  const fix = "check the workload's adopt block against the tenant (npm run snapshot), or remove it to create the identity";
  if (type === "azuread:index/application:Application") {
    const app = (existing.applications ?? []).find((a) => same(`/applications/${a.id}`, importId));
    if (!app) reject("Request_ResourceNotFound", `Resource '${lastSegment(importId)}' does not exist or one of its queried reference-property objects are not present.`, resource, fix);
    ctx.directory.assume(`application ${app.id} (client id ${app.appId}) exists${app.declaredBy ? `, as ${app.declaredBy} says` : ""}; pulumi up imports it`);
    return { objectId: app.id, clientId: app.appId };
  }
  if (type === "azuread:index/servicePrincipal:ServicePrincipal") {
    const sp = (existing.servicePrincipals ?? []).find((s) => same(`/servicePrincipals/${s.id}`, importId));
    if (!sp) reject("Request_ResourceNotFound", `Resource '${lastSegment(importId)}' does not exist or one of its queried reference-property objects are not present.`, resource, fix);
    ctx.directory.assume(`service principal ${sp.id} exists${sp.declaredBy ? `, as ${sp.declaredBy} says` : ""}; pulumi up imports it`);
    return { objectId: sp.id };
  }
  if (type === "azure-native:managedidentity:UserAssignedIdentity") {
    const identity = (existing.userAssignedIdentities ?? []).find((i) => same(i.id, importId));
    if (!identity) reject("ResourceNotFound", `The Resource 'Microsoft.ManagedIdentity/userAssignedIdentities/${lastSegment(importId)}' was not found.`, resource, fix);
    ctx.directory.assume(`user-assigned identity ${identity.id} (client id ${identity.clientId}) exists${identity.declaredBy ? `, as ${identity.declaredBy} says` : ""}; pulumi up imports it`);
    return { clientId: identity.clientId, principalId: identity.principalId, ...(identity.tenantId ? { tenantId: identity.tenantId } : {}) };
  }
  return undefined;
}
