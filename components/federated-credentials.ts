import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import type { FederatedCredential } from "../model/workload-spec";
import { withoutApiVersionAliases } from "./api-version-aliases";

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
 *
 * Names and replacement. Each credential's logical name is `<component>-<credential name>`, so a credential keeps
 * its logical name as long as it keeps its Entra name, whatever happens to the others (unnamed credentials get a
 * name derived from issuer and subject, never from their position). By default Pulumi creates a replacement before
 * deleting the original (https://www.pulumi.com/docs/iac/concepts/options/deletebeforereplace/), and a new logical
 * name is a create of a new resource plus a delete of the old one at the end
 * (https://www.pulumi.com/docs/iac/concepts/options/aliases/). Entra refuses a second credential with the same
 * name or the same issuer + subject on one identity, and for a managed identity a create under the same name is an
 * ARM PUT onto the existing credential, which the old resource's delete then removes. So:
 * - a credential's previous names (`formerNames`: a rename, or an earlier version's position-derived default) are
 *   `aliases`: the old state becomes this resource, whose name change is a replacement (`display_name` is ForceNew
 *   in terraform-provider-azuread@38d1993a:internal/services/applications/application_federated_identity_credential_resource.go;
 *   the managed identity's credential name is its ARM resource name, marked `replaceOnChanges`);
 * - `deleteBeforeReplace`: the replacement deletes the old credential first, so the new one never collides with it.
 */
export class FederatedCredentials extends pulumi.ComponentResource {
  readonly resources: pulumi.CustomResource[] = [];

  constructor(name: string, args: FederatedCredentialsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("entra-workloads:index:FederatedCredentials", name, {}, opts);
    const target = args.target;
    let previous: pulumi.CustomResource | undefined;
    for (const cred of args.credentials) {
      const logical = `${name}-${cred.name}`;
      const options: pulumi.CustomResourceOptions = {
        parent: this,
        deleteBeforeReplace: true,
        aliases: cred.formerNames.map((former) => ({ name: `${name}-${former}` })),
      };
      if (target.kind === "application") {
        this.resources.push(new azuread.ApplicationFederatedIdentityCredential(logical, {
          applicationId: target.applicationId,
          displayName: cred.name,
          issuer: cred.issuer,
          subject: cred.subject,
          audiences: cred.audiences,
        }, options));
      } else {
        previous = new managedidentity.FederatedIdentityCredential(logical, {
          resourceName: target.identityName,
          resourceGroupName: target.resourceGroupName,
          federatedIdentityCredentialResourceName: cred.name,
          issuer: cred.issuer,
          subject: cred.subject,
          audiences: cred.audiences,
        }, { ...options, replaceOnChanges: ["federatedIdentityCredentialResourceName"], dependsOn: previous ? [previous] : [], transformations: [withoutApiVersionAliases] });
        this.resources.push(previous);
      }
    }
    this.registerOutputs({});
  }
}
