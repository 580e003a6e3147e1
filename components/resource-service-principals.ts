import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import type { PermissionKind } from "../model/catalog";
import { slug } from "../model/slug";
import { RESOLVED_AT_DEPLOY_TIME } from "../model/exposed-api";

export interface ResourceServicePrincipal {
  objectId: pulumi.Output<string>;
  /** The live id of a permission the resource publishes; fails the deployment when the tenant does not publish it. */
  permissionId(kind: PermissionKind, name: string): pulumi.Output<string>;
}

/**
 * The tenant's service principals of the APIs workloads are granted (Microsoft Graph, Azure DevOps, …): one resource
 * per API per stack, however many workloads ask, declared with `useExisting` so that a tenant that has never used the
 * API (Azure DevOps, the Marketplace metering API and other first-party apps exist only where someone used them) gets
 * it created instead of failing the deployment, and with `retainOnDelete` so that `pulumi destroy` never deletes
 * Microsoft's principal.
 *
 * Pinned provider, terraform-provider-azuread@38d1993a:internal/services/serviceprincipals/service_principal_resource.go:
 * - servicePrincipalResourceCreate lists service principals with `appId eq '<client_id>'`; with `use_existing` it
 *   adopts the one found and runs servicePrincipalResourceUpdate on it (a PATCH with this resource's settings),
 *   otherwise it fails with "A resource with the ID … already exists"; none found: it creates one.
 * - servicePrincipalResourceDelete still calls DeleteServicePrincipal with `use_existing` and only ignores the error,
 *   so `retainOnDelete` is what keeps destroy away from it.
 * - `app_role_ids` and `oauth2_permission_scope_ids` are computed attributes of the resource (set in Read), so the live
 *   ids stay available for grants.
 * At deploy time the live service principal is the authority for the ids grants use; offline the simulator answers
 * from the catalogs.
 */
export class ResourceServicePrincipals extends pulumi.ComponentResource {
  private readonly byAppId = new Map<string, ResourceServicePrincipal>();

  /** @param name logical name of the component. @default "resource-service-principals" */
  constructor(name = "resource-service-principals", opts?: pulumi.ComponentResourceOptions) {
    super("entra-workloads:index:ResourceServicePrincipals", name, {}, opts);
    this.registerOutputs({});
  }

  get(apiAppId: string, apiName: string): ResourceServicePrincipal {
    const key = apiAppId.toLowerCase();
    const cached = this.byAppId.get(key);
    if (cached) return cached;
    // Stable logical name from the API: its catalog name (the app id for an API the catalog does not know).
    const sp = new azuread.ServicePrincipal(`resource-sp-${slug(apiName.split(" / ")[0])}`, {
      clientId: apiAppId,
      useExisting: true,
    }, { parent: this, retainOnDelete: true });
    const entry: ResourceServicePrincipal = {
      objectId: sp.objectId,
      permissionId: (kind, name) => {
        const ids: pulumi.Output<Record<string, string> | undefined> = kind === "application" ? sp.appRoleIds : sp.oauth2PermissionScopeIds;
        return ids.apply((published) => {
          // The provider always reads these maps (computed, set in Read); only an offline plan of an API neither the
          // catalog nor the simulated tenant knows lacks them: the id is resolved at deploy time.
          if (published === undefined) return RESOLVED_AT_DEPLOY_TIME;
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
