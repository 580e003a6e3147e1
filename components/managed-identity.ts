import * as pulumi from "@pulumi/pulumi";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import type { ClientId, ServicePrincipalObjectId, TenantId } from "../model/ids";
import { withoutApiVersionAliases } from "./api-version-aliases";
import { brand } from "./brand";

export interface ManagedIdentityArgs {
  /** Azure resource name of the identity. */
  identityName: string;
  resourceGroupName: string;
  location: string;
  /** @default none */
  tags?: Record<string, string>;
  /** ARM id of an existing identity to take over instead of creating one (Pulumi's `import` option). @default none: created */
  adopt?: string;
}

/** A user-assigned managed identity: the secretless identity of a workload that runs on Azure (S3, S4). */
export class ManagedIdentity extends pulumi.ComponentResource {
  readonly identity: managedidentity.UserAssignedIdentity;
  readonly clientId: pulumi.Output<ClientId>;
  /** The identity's service principal object id: what RBAC and app role assignments grant to. */
  readonly principalId: pulumi.Output<ServicePrincipalObjectId>;
  readonly tenantId: pulumi.Output<TenantId>;
  readonly identityName: pulumi.Output<string>;

  constructor(name: string, args: ManagedIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("entra-workloads:index:ManagedIdentity", name, {}, opts);
    this.identity = new managedidentity.UserAssignedIdentity(`${name}-identity`, {
      resourceName: args.identityName,
      resourceGroupName: args.resourceGroupName,
      location: args.location,
      tags: args.tags,
    }, { parent: this, import: args.adopt, transformations: [withoutApiVersionAliases] });
    this.clientId = brand<ClientId>(this.identity.clientId);
    this.principalId = brand<ServicePrincipalObjectId>(this.identity.principalId);
    this.tenantId = brand<TenantId>(this.identity.tenantId);
    this.identityName = this.identity.name;
    this.registerOutputs({ clientId: this.clientId, principalId: this.principalId });
  }
}
