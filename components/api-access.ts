import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import type { ServicePrincipalObjectId } from "../model/ids";
import type { ResourceServicePrincipal, ResourceServicePrincipals } from "./resource-service-principals";
import { needsConsentAsCode } from "../model/access-summary";
import type { ApiAccessSpec } from "../model/workload-spec";
import { slug } from "../model/slug";
import type { StackPrincipals } from "./exposed-api";

export interface ApiAccessArgs {
  /** The workload's service principal (or managed identity principal): who is granted. */
  principalObjectId: pulumi.Output<ServicePrincipalObjectId>;
  /** Permissions to consent to; entries with `adminConsent: false` are skipped (an administrator consents by URL). */
  apis: ApiAccessSpec[];
  resourceServicePrincipals: ResourceServicePrincipals;
  /** The stack's workloads, for APIs one of them exposes (`ApiAccessSpec.stackApi`). @default none */
  stackPrincipals?: StackPrincipals;
}

/** The service principal granting an API's permissions: a workload of the stack's (ids known from the manifest), or the API's own. */
function grantingPrincipal(access: ApiAccessSpec, args: Pick<ApiAccessArgs, "resourceServicePrincipals" | "stackPrincipals">): ResourceServicePrincipal {
  if (access.stackApi === undefined) return args.resourceServicePrincipals.get(access.apiAppId, access.apiName);
  if (!args.stackPrincipals) throw new Error(`${access.stackApi} is a workload of the stack; pass stackPrincipals`);
  const objectId: pulumi.Output<string> = args.stackPrincipals.get(access.stackApi).principalObjectId;
  const byName = (kind: "application" | "delegated", name: string): pulumi.Output<string> => {
    const id = access[kind].find((p) => p.name === name)?.catalog?.id;
    if (id === undefined) throw new Error(`${access.stackApi} does not expose the ${kind} permission "${name}"`);
    return pulumi.output(id);
  };
  return { objectId, permissionId: byName };
}

/**
 * Admin consent as code: one app role assignment per consented application permission (the workload's service
 * principal → the API's service principal), and one delegated permission grant per API for consented scopes.
 */
export class ApiAccess extends pulumi.ComponentResource {
  readonly appRoleAssignments: azuread.AppRoleAssignment[] = [];
  readonly delegatedGrants: azuread.ServicePrincipalDelegatedPermissionGrant[] = [];

  constructor(name: string, args: ApiAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("entra-workloads:index:ApiAccess", name, {}, opts);
    for (const access of args.apis.filter(needsConsentAsCode)) {
      const resource = grantingPrincipal(access, args);
      const apiSlug = slug(access.stackApi ?? access.api?.name.split(" / ")[0] ?? access.apiAppId);
      for (const perm of access.application) {
        this.appRoleAssignments.push(new azuread.AppRoleAssignment(`${name}-${apiSlug}-${slug(perm.name)}`, {
          appRoleId: resource.permissionId("application", perm.name),
          principalObjectId: args.principalObjectId,
          resourceObjectId: resource.objectId,
        }, { parent: this }));
      }
      if (access.delegated.length > 0) {
        this.delegatedGrants.push(new azuread.ServicePrincipalDelegatedPermissionGrant(`${name}-${apiSlug}-delegated`, {
          servicePrincipalObjectId: args.principalObjectId,
          resourceServicePrincipalObjectId: resource.objectId,
          claimValues: access.delegated.map((p) => p.name),
        }, { parent: this }));
      }
    }
    this.registerOutputs({});
  }
}

/**
 * The application's inline `requiredResourceAccesses`. A permission the catalog knows uses the catalog's id (Microsoft
 * defines it once for every tenant), so the application does not wait for the API's service principal; only a
 * permission of an API the catalog does not know takes its id from the live service principal.
 */
export function requiredResourceAccesses(
  apis: ApiAccessSpec[],
  resourceServicePrincipals: ResourceServicePrincipals,
  stackPrincipals?: StackPrincipals,
): azuread.types.input.ApplicationRequiredResourceAccess[] {
  const idOf = (access: ApiAccessSpec, kind: "application" | "delegated", p: ApiAccessSpec["application"][number]): pulumi.Input<string> =>
    p.catalog?.id ?? resourceServicePrincipals.get(access.apiAppId, access.apiName).permissionId(kind, p.name);
  return apis.filter((a) => a.application.length + a.delegated.length > 0).map((access) => ({
    resourceAppId: access.stackApi === undefined || !stackPrincipals ? access.apiAppId : stackPrincipals.get(access.stackApi).clientId,
    resourceAccesses: [
      ...access.application.map((p) => ({ id: idOf(access, "application", p), type: "Role" })),
      ...access.delegated.map((p) => ({ id: idOf(access, "delegated", p), type: "Scope" })),
    ],
  }));
}
