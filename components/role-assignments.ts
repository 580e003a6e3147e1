import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { roleDefinitionResourceId } from "../model/catalog";
import type { ServicePrincipalObjectId } from "../model/ids";
import { previousLogicalNames, roleAssignmentLogicalName, roleAssignmentName, type AssigningWorkload } from "../model/role-assignment-names";
import type { RoleGrantSpec } from "../model/workload-spec";
import { withoutApiVersionAliases } from "./api-version-aliases";

export interface RoleAssignmentsArgs {
  /** Service principal object id (or managed identity principal id) — never an application object id. */
  principalId: pulumi.Output<ServicePrincipalObjectId>;
  roles: RoleGrantSpec[];
  /** Stack name: with the workload's name and kind it identifies the principal before its object id is known. */
  stack: string;
  /** The workload's name and kind (the principal is its service principal or managed identity in this stack). */
  workload: AssigningWorkload;
}

/**
 * Azure RBAC for a principal this stack creates: `principalType: ServicePrincipal` (so ARM does not look the new
 * principal up and fail with PrincipalNotFound during replication), full role definition ids, and GUID names that
 * depend only on (principal, role, scope), so re-runs, imports and edits of the manifest's wording are idempotent.
 *
 * When the identity itself changes (another principal, role or scope), azure-native replaces the assignment:
 * `roleAssignmentName`, `scope` and `principalId` force a replacement, and for an explicitly named resource its
 * Diff answers deleteBeforeReplace (pulumi/pulumi-azure-native provider/pkg/provider/provider.go, Diff:
 * `deleteBeforeReplace := len(replaces) > 0` unless the resource was auto-named; provider/pkg/gen/replacement.go:
 * RoleAssignment forceNew principalId, scope). `deleteBeforeReplace: true` here states it rather than relying on
 * that heuristic: the old assignment goes first, so the new one never collides with it.
 */
export class RoleAssignments extends pulumi.ComponentResource {
  readonly assignments: authorization.RoleAssignment[];

  constructor(name: string, args: RoleAssignmentsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("entra-workloads:index:RoleAssignments", name, {}, opts);
    this.assignments = args.roles.map((grant) => {
      const logical = roleAssignmentLogicalName(name, grant);
      return new authorization.RoleAssignment(logical, {
        roleAssignmentName: roleAssignmentName(args.stack, args.workload, grant),
        principalId: args.principalId,
        principalType: "ServicePrincipal",
        roleDefinitionId: roleDefinitionResourceId(grant.role.id, grant.scope),
        scope: grant.scope,
        description: `${grant.role.name} for ${args.workload.name} (entra-workloads)`,
      }, {
        parent: this,
        deleteBeforeReplace: true,
        aliases: previousLogicalNames(name, grant).map((old) => ({ name: old })),
        transformations: [withoutApiVersionAliases],
      });
    });
    this.registerOutputs({});
  }
}
