import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import type { PermissionKind } from "./catalog";

export interface ResourceServicePrincipal {
  objectId: pulumi.Output<string>;
  /** The live id of a permission the resource publishes; fails the deployment when the tenant does not publish it. */
  permissionId(kind: PermissionKind, name: string): pulumi.Output<string>;
}

/**
 * The tenant's service principals of the APIs workloads call (Microsoft Graph, Azure DevOps, …), looked up once
 * per API however many workloads ask. At deploy time the live service principal is the authority for permission
 * ids; offline, the simulator answers from the catalogs.
 */
export class ResourceServicePrincipals {
  private readonly byAppId = new Map<string, ResourceServicePrincipal>();

  get(apiAppId: string, apiName: string): ResourceServicePrincipal {
    const key = apiAppId.toLowerCase();
    const cached = this.byAppId.get(key);
    if (cached) return cached;
    const sp = azuread.getServicePrincipalOutput({ clientId: apiAppId });
    const entry: ResourceServicePrincipal = {
      objectId: sp.objectId,
      permissionId: (kind, name) => {
        const ids = kind === "application" ? sp.appRoleIds : sp.oauth2PermissionScopeIds;
        return ids.apply((published) => {
          const id = published[name];
          if (!id) {
            throw new Error(`${apiName} (${apiAppId}) does not publish the ${kind} permission "${name}" in this tenant; check the name in the manifest`);
          }
          return id;
        });
      },
    };
    this.byAppId.set(key, entry);
    return entry;
  }
}
