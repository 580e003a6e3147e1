import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { expectFound, role, roleDefinitionResourceId } from "../model/catalog";
import type { SecretReader } from "../model/exposed-api";
import { deterministicGuid } from "../model/naming";
import { slug } from "../model/slug";
import type { StackPrincipals } from "./exposed-api";
import { withoutApiVersionAliases } from "./api-version-aliases";

/** The role that reads secret contents, from the role catalog (never typed by hand). */
export const SECRET_READER_ROLE = "Key Vault Secrets User";

export interface SecretReadersArgs {
  /** The workload whose secrets are read. */
  workload: string;
  stack: string;
  readers: readonly SecretReader[];
  /** The workload's Key Vault secrets: name and resource (its ARM id is the scope). */
  secrets: readonly { name: string; resource: pulumi.CustomResource & { id: pulumi.Output<string> } }[];
  stackPrincipals: StackPrincipals;
}

/** A reader's key in names: the workload's name, or the outside principal's object id. */
export function readerKey(reader: SecretReader): string {
  return reader.kind === "workload" ? reader.workload : reader.objectId;
}

/**
 * `Key Vault Secrets User` ("Read secret contents", https://learn.microsoft.com/en-us/azure/key-vault/general/rbac-guide)
 * for each reader on each secret of the workload, at secret scope — Key Vault RBAC accepts a role assignment on an
 * individual secret (rbac-guide: "Best Practices for individual keys, secrets, and certificates role assignments").
 * The scope is the secret's own id, so each assignment depends on its secret. `principalType` is ServicePrincipal for
 * workloads of the stack (ARM skips the Entra look-up of a principal that may not have replicated yet) and the
 * manifest's type for outside principals. Names are UUIDv5s of (stack, workload, reader, secret).
 */
export class SecretReaders extends pulumi.ComponentResource {
  readonly assignments: authorization.RoleAssignment[] = [];

  constructor(name: string, args: SecretReadersArgs, opts?: pulumi.ComponentResourceOptions) {
    super("entra-workloads:index:SecretReaders", name, {}, opts);
    const definition = expectFound(role(SECRET_READER_ROLE));
    for (const reader of args.readers) {
      const key = readerKey(reader);
      const principalId = reader.kind === "workload" ? args.stackPrincipals.get(reader.workload).principalObjectId : pulumi.output(reader.objectId);
      const principalType = reader.kind === "workload" ? "ServicePrincipal" : reader.principalType;
      for (const secret of args.secrets) {
        this.assignments.push(new authorization.RoleAssignment(`${name}-${slug(key)}-${slug(secret.name)}`, {
          roleAssignmentName: deterministicGuid(args.stack, args.workload, "secret-reader", key.toLowerCase(), secret.name),
          principalId,
          principalType,
          roleDefinitionId: secret.resource.id.apply((scope) => roleDefinitionResourceId(definition.id, scope)),
          scope: secret.resource.id,
          description: `${definition.name} on ${secret.name} for ${key} (entra-workloads)`,
        }, { parent: this, deleteBeforeReplace: true, dependsOn: [secret.resource], transformations: [withoutApiVersionAliases] }));
      }
    }
    this.registerOutputs({});
  }
}
