import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import type { FederatedCredential } from "./workload-spec";

/** Entra and Azure accept at most 20 federated identity credentials per application or managed identity. */
export const MAX_FEDERATED_CREDENTIALS = 20;

export type FederationTarget =
  /** An app registration, by its `/applications/{objectId}` id. */
  | { kind: "application"; applicationId: pulumi.Input<string> }
  /** A user-assigned managed identity, by name and resource group. */
  | { kind: "managedIdentity"; identityName: pulumi.Input<string>; resourceGroupName: string };

export interface FederatedCredentialsArgs {
  target: FederationTarget;
  credentials: FederatedCredential[];
}

/**
 * Secretless trust of external tokens (GitHub Actions, Kubernetes service accounts, …). On a managed identity the
 * credentials are written one after another: Azure rejects concurrent writes of federated credentials on one identity.
 */
export class FederatedCredentials extends pulumi.ComponentResource {
  readonly resources: pulumi.CustomResource[] = [];

  constructor(name: string, args: FederatedCredentialsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("entra-workloads:index:FederatedCredentials", name, {}, opts);
    const target = args.target;
    let previous: pulumi.CustomResource | undefined;
    for (const cred of args.credentials) {
      const logical = `${name}-${cred.name}`;
      if (target.kind === "application") {
        this.resources.push(new azuread.ApplicationFederatedIdentityCredential(logical, {
          applicationId: target.applicationId,
          displayName: cred.name,
          issuer: cred.issuer,
          subject: cred.subject,
          audiences: cred.audiences,
        }, { parent: this }));
      } else {
        previous = new managedidentity.FederatedIdentityCredential(logical, {
          resourceName: target.identityName,
          resourceGroupName: target.resourceGroupName,
          federatedIdentityCredentialResourceName: cred.name,
          issuer: cred.issuer,
          subject: cred.subject,
          audiences: cred.audiences,
        }, { parent: this, dependsOn: previous ? [previous] : [] });
        this.resources.push(previous);
      }
    }
    this.registerOutputs({});
  }
}
