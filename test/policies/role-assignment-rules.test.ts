import * as authorization from "@pulumi/azure-native/authorization";
import { beforeAll, describe, expect, it } from "vitest";
import { broadScopeRoleAssignment, privilegedRoleAssignment, roleAssignmentPrincipalType } from "../../policies/rules";
import { findings, installMocks, registered, RESOURCE_GROUP, roleDefinitionId, SUBSCRIPTION } from "./harness";

const PRINCIPAL = "11111111-2222-4333-8444-555555555555";

function assignment(name: string, roleName: string, scope: string, { typed = true } = {}) {
  return new authorization.RoleAssignment(name, {
    principalId: PRINCIPAL,
    principalType: typed ? "ServicePrincipal" : undefined,
    roleDefinitionId: roleDefinitionId(roleName, scope),
    scope,
  });
}

beforeAll(() => installMocks());

describe("privileged-role-assignment", () => {
  it("passes Log Analytics Reader on a workspace resource group", async () => {
    const resources = await registered(assignment("law-reader-ra-0", "Log Analytics Reader", RESOURCE_GROUP));
    expect(findings(resources, privilegedRoleAssignment)).toEqual([]);
  });

  it("refuses Owner, naming the role and the scope, as a mandatory violation", async () => {
    const resources = await registered(assignment("owner-ra-0", "Owner", RESOURCE_GROUP));
    const [finding, ...rest] = findings(resources, privilegedRoleAssignment);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ policy: "privileged-role-assignment", enforcement: "mandatory", urn: resources[0].urn });
    expect(finding.message).toContain('"Owner"');
    expect(finding.message).toContain(RESOURCE_GROUP);
    expect(finding.message).toContain("Fix:");
  });

  it.each(["Contributor", "User Access Administrator", "Role Based Access Control Administrator"])("refuses %s", async (roleName) => {
    const resources = await registered(assignment(`priv-${roleName.replaceAll(" ", "-")}`, roleName, RESOURCE_GROUP));
    expect(findings(resources, privilegedRoleAssignment).map((f) => f.policy)).toEqual(["privileged-role-assignment"]);
  });
});

describe("broad-scope-role-assignment", () => {
  it("passes a resource-group scope", async () => {
    const resources = await registered(assignment("rg-reader-ra-0", "Reader", RESOURCE_GROUP));
    expect(findings(resources, broadScopeRoleAssignment)).toEqual([]);
  });

  it("flags subscription scope as advisory", async () => {
    const resources = await registered(assignment("sub-reader-ra-0", "Reader", SUBSCRIPTION));
    const result = findings(resources, broadScopeRoleAssignment);
    expect(result).toEqual([expect.objectContaining({ policy: "broad-scope-role-assignment", enforcement: "advisory" })]);
    expect(result[0].message).toContain("subscription scope");
  });

  it("flags management-group scope", async () => {
    const scope = "/providers/Microsoft.Management/managementGroups/platform";
    const resources = await registered(assignment("mg-reader-ra-0", "Reader", scope));
    expect(findings(resources, broadScopeRoleAssignment)[0].message).toContain("management-group scope");
  });
});

describe("role-assignment-principal-type", () => {
  it("passes principalType ServicePrincipal", async () => {
    const resources = await registered(assignment("typed-ra-0", "Reader", RESOURCE_GROUP));
    expect(findings(resources, roleAssignmentPrincipalType)).toEqual([]);
  });

  it("refuses an assignment without principalType, explaining PrincipalNotFound", async () => {
    const resources = await registered(assignment("untyped-ra-0", "Reader", RESOURCE_GROUP, { typed: false }));
    const result = findings(resources, roleAssignmentPrincipalType);
    expect(result).toEqual([expect.objectContaining({ policy: "role-assignment-principal-type", enforcement: "mandatory" })]);
    expect(result[0].message).toContain("PrincipalNotFound");
  });
});
