import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import { brand, type ApplicationObjectId, type ClientId, type ServicePrincipalObjectId } from "./ids";

export interface EntraApplicationArgs {
  /** Display name in Entra; unique in the tenant (`preventDuplicateNames`). */
  displayName: string;
  description?: string;
  /** Object ids of the owning users or groups. @default none (the policy pack flags it) */
  owners?: string[];
  /** `key:value` strings, shown in the Entra portal. @default none */
  tags?: string[];
  /** Why the application exists and who manages it. */
  notes: string;
  /** API permissions, declared inline once — never mixed with standalone ApplicationApiAccess. @default none */
  requiredResourceAccesses?: pulumi.Input<pulumi.Input<azuread.types.input.ApplicationRequiredResourceAccess>[]>;
  /** Web redirect URIs for the authorization-code flow. @default none (no web platform) */
  redirectUris?: string[];
}

/** An app registration and its service principal: the identity a credential-holding workload signs in as. */
export class EntraApplication extends pulumi.ComponentResource {
  readonly application: azuread.Application;
  readonly servicePrincipal: azuread.ServicePrincipal;
  readonly clientId: pulumi.Output<ClientId>;
  readonly objectId: pulumi.Output<ApplicationObjectId>;
  readonly servicePrincipalObjectId: pulumi.Output<ServicePrincipalObjectId>;
  /** `/applications/{objectId}`: what credentials attach to. */
  readonly resourceId: pulumi.Output<string>;

  constructor(name: string, args: EntraApplicationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("entra-workloads:index:EntraApplication", name, {}, opts);
    const redirectUris = args.redirectUris ?? [];
    this.application = new azuread.Application(`${name}-app`, {
      displayName: args.displayName,
      description: args.description,
      owners: args.owners ?? [],
      tags: args.tags,
      notes: args.notes,
      preventDuplicateNames: true,
      signInAudience: "AzureADMyOrg",
      requiredResourceAccesses: args.requiredResourceAccesses ?? [],
      web: redirectUris.length === 0 ? undefined : {
        redirectUris,
        implicitGrant: { accessTokenIssuanceEnabled: false, idTokenIssuanceEnabled: false },
      },
    }, { parent: this });
    this.servicePrincipal = new azuread.ServicePrincipal(`${name}-sp`, {
      clientId: this.application.clientId,
      owners: args.owners ?? [],
      notes: args.notes,
    }, { parent: this });
    this.clientId = brand<ClientId>(this.application.clientId);
    this.objectId = brand<ApplicationObjectId>(this.application.objectId);
    this.servicePrincipalObjectId = brand<ServicePrincipalObjectId>(this.servicePrincipal.objectId);
    this.resourceId = this.application.id;
    this.registerOutputs({ clientId: this.clientId, objectId: this.objectId, servicePrincipalObjectId: this.servicePrincipalObjectId });
  }
}
