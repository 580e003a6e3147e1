import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { roleDefinitionResourceId } from "./catalog";
import type { ServicePrincipalObjectId } from "./ids";
import { deterministicGuid } from "./naming";
import { shortHash, slug } from "./slug";
import type { RoleGrantSpec } from "./workload-spec";

export interface RoleAssignmentsArgs {
  /** Service principal object id (or managed identity principal id) — never an application object id. */
  principalId: pulumi.Output<ServicePrincipalObjectId>;
  roles: RoleGrantSpec[];
  /** Stack name: part of each assignment's GUID name, so stacks sharing a scope never collide. */
  stack: string;
}

/** Logical name of one assignment: stable under reordering of the manifest's list (the scope is hashed). */
export function roleAssignmentLogicalName(prefix: string, grant: RoleGrantSpec): string {
  return `${prefix}-${slug(grant.role.name).slice(0, 40)}-${shortHash(grant.scope)}`;
}

/**
 * Azure RBAC for a principal this stack creates: `principalType: ServicePrincipal` (so ARM does not look the new
 * principal up and fail with PrincipalNotFound during replication), full role definition ids, and GUID names
 * derived from logical names so re-runs and imports are idempotent.
 */
export class RoleAssignments extends pulumi.ComponentResource {
  readonly assignments: authorization.RoleAssignment[];

  constructor(name: string, args: RoleAssignmentsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("entra-workloads:index:RoleAssignments", name, {}, opts);
    this.assignments = args.roles.map((grant) => {
      const logical = roleAssignmentLogicalName(name, grant);
      return new authorization.RoleAssignment(logical, {
        roleAssignmentName: deterministicGuid(args.stack, logical, grant.scope),
        principalId: args.principalId,
        principalType: "ServicePrincipal",
        roleDefinitionId: roleDefinitionResourceId(grant.role.id, grant.scope),
        scope: grant.scope,
        description: `${grant.role.name} for ${name.replace(/-ra$/, "")} (entra-workloads)`,
      }, { parent: this });
    });
    this.registerOutputs({});
  }
}
