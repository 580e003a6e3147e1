import * as authorization from "@pulumi/azure-native/authorization";
import * as azuread from "@pulumi/azuread";
import { beforeAll, describe, expect, it } from "vitest";
import { MICROSOFT_GRAPH_APP_ID } from "../../model/catalog";
import { broadScopeRoleAssignment, privilegedGraphPermission, privilegedRoleAssignment, roleAssignmentPrincipalType } from "../../policies/rules";
import { findings, graphAppRoleId, installMocks, registered, RESOURCE_GROUP, roleDefinitionId, SUBSCRIPTION } from "./harness";

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

describe("privileged-role-assignment on a role the catalog cannot judge (issue 12)", () => {
  // Custom role definitions: ids no built-in role has, so nothing tells what they grant.
  const CUSTOM = ["0c0c0c0c-1d1d-4e4e-8f8f-000000000001", "0c0c0c0c-1d1d-4e4e-8f8f-000000000002"];
  it.each([
    [CUSTOM[0], SUBSCRIPTION],
    [CUSTOM[1], SUBSCRIPTION],
    [CUSTOM[0], RESOURCE_GROUP],
    [CUSTOM[1], `${RESOURCE_GROUP}/providers/Microsoft.Storage/storageAccounts/st1`],
    [CUSTOM[0], "/providers/Microsoft.Management/managementGroups/platform"],
  ])("refuses custom role %s at %s as mandatory, not only as a broad-scope note", async (id, scope) => {
    const resources = await registered(assignment(`custom-${id.slice(-1)}-${scope.length}`, id, scope));
    const [finding, ...rest] = findings(resources, privilegedRoleAssignment);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ policy: "privileged-role-assignment", enforcement: "mandatory" });
    expect(finding.message).toContain(`${id} at ${scope}, which is not a built-in role`);
    expect(finding.message).toContain("Fix:");
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
const GRAPH_SP = "99999999-0000-4000-8000-000000000003";
const WORKLOAD_SP = "99999999-0000-4000-8000-000000000004";

function consent(name: string, permission: string) {
  return new azuread.AppRoleAssignment(name, { appRoleId: graphAppRoleId(permission), principalObjectId: WORKLOAD_SP, resourceObjectId: GRAPH_SP });
}

function app(name: string, roles: string[]) {
  return new azuread.Application(name, {
    displayName: name,
    owners: ["00000000-0000-4000-8000-00000000000a"],
    requiredResourceAccesses: [{ resourceAppId: MICROSOFT_GRAPH_APP_ID, resourceAccesses: roles.map((r) => ({ id: graphAppRoleId(r), type: "Role" })) }],
  });
}


describe("privileged-graph-permission", () => {
  it("passes admin consent to User.Read.All (privilege level 3)", async () => {
    const resources = await registered(consent("graph-daemon-consent-0", "User.Read.All"), app("graph-daemon", ["User.Read.All"]));
    expect(findings(resources, privilegedGraphPermission)).toEqual([]);
  });

  it("refuses a required access of Directory.ReadWrite.All, naming the workload and the permission", async () => {
    const resources = (await registered(app("dir-writer-app", ["Directory.ReadWrite.All"]))).map((r) => ({ ...r, workload: "dir-writer" }));
    const result = findings(resources, privilegedGraphPermission);
    expect(result).toEqual([expect.objectContaining({ policy: "privileged-graph-permission", enforcement: "mandatory", workload: "dir-writer", item: "Directory.ReadWrite.All" })]);
    expect(result[0].message).toMatch(/^workload "dir-writer": .*Directory\.ReadWrite\.All — tier 0/);
  });

  it("refuses a required access of RoleManagement.ReadWrite.Directory on the application", async () => {
    const resources = await registered(app("role-admin", ["User.Read.All", "RoleManagement.ReadWrite.Directory"]));
    const result = findings(resources, privilegedGraphPermission);
    expect(result.map((f) => f.message)).toEqual([expect.stringContaining("RoleManagement.ReadWrite.Directory")]);
  });

  it("gives one mandatory finding per tier-0 permission: PrivilegedAccess.ReadWrite.AzureADGroup and RoleManagementPolicy.ReadWrite.Directory", async () => {
    const resources = (await registered(app("escalator-app", ["PrivilegedAccess.ReadWrite.AzureADGroup", "RoleManagementPolicy.ReadWrite.Directory", "User.Read.All"])))
      .map((r) => ({ ...r, workload: "escalator" }));
    const result = findings(resources, privilegedGraphPermission);
    expect(result.map((f) => [f.enforcement, f.item])).toEqual([
      ["mandatory", "PrivilegedAccess.ReadWrite.AzureADGroup"],
      ["mandatory", "RoleManagementPolicy.ReadWrite.Directory"],
    ]);
    expect(result.every((f) => f.message.includes("tier 0") && f.message.startsWith('workload "escalator"'))).toBe(true);
  });

  it("does not report an application's admin consent (AppRoleAssignment) again: the application's request is the one finding", async () => {
    const resources = (await registered(app("consented-app", ["Directory.ReadWrite.All"]), consent("consented-consent-0", "Directory.ReadWrite.All")))
      .map((r) => ({ ...r, workload: "consented" }));
    expect(findings(resources, privilegedGraphPermission).map((f) => [f.urn.split("::").pop(), f.item])).toEqual([["consented-app", "Directory.ReadWrite.All"]]);
  });

  it("reports the grant of a workload without an application (a managed identity holding a tier-0 Graph permission)", async () => {
    const resources = (await registered(consent("mi-consent-0", "RoleManagement.ReadWrite.Directory"))).map((r) => ({ ...r, workload: "mi" }));
    const result = findings(resources, privilegedGraphPermission);
    expect(result.map((f) => [f.enforcement, f.item])).toEqual([["mandatory", "RoleManagement.ReadWrite.Directory"]]);
    expect(result[0].message).toMatch(/^workload "mi": is granted .*tier 0/);
  });

  it("takes its threshold from the pack config: minPrivilegeLevel 3 flags User.Read.All, tier0 false drops an ungraded tier-0 permission", async () => {
    const resources = await registered(app("reader-app", ["User.Read.All"]));
    expect(findings(resources, privilegedGraphPermission)).toEqual([]);
    const strict = findings(resources, privilegedGraphPermission, { config: { "privileged-graph-permission": { minPrivilegeLevel: 3 } } });
    expect(strict.map((f) => f.item)).toEqual(["User.Read.All"]);
    // PrivilegedAccess.ReadWrite.AzureADGroup is graded 3 by Microsoft: only tier 0 makes it privileged.
    const pim = await registered(app("pim-app", ["PrivilegedAccess.ReadWrite.AzureADGroup"]));
    expect(findings(pim, privilegedGraphPermission).map((f) => f.item)).toEqual(["PrivilegedAccess.ReadWrite.AzureADGroup"]);
    expect(findings(pim, privilegedGraphPermission, { config: { "privileged-graph-permission": { tier0: false } } })).toEqual([]);
  });

  it("flags a delegated tier-0 permission consented for all users, and not one consented for a single user", async () => {
    const all = new azuread.ServicePrincipalDelegatedPermissionGrant("helpdesk-microsoft-graph-delegated", {
      servicePrincipalObjectId: WORKLOAD_SP, resourceServicePrincipalObjectId: GRAPH_SP, claimValues: ["User.Read", "UserAuthenticationMethod.ReadWrite.All"],
    });
    const one = new azuread.ServicePrincipalDelegatedPermissionGrant("helpdesk-one-microsoft-graph-delegated", {
      servicePrincipalObjectId: WORKLOAD_SP, resourceServicePrincipalObjectId: GRAPH_SP, claimValues: ["UserAuthenticationMethod.ReadWrite.All"],
      userObjectId: "11111111-2222-4333-8444-555555555555",
    });
    const result = findings(await registered(all, one), privilegedGraphPermission);
    expect(result.map((f) => [f.urn.split("::").pop(), f.item])).toEqual([["helpdesk-microsoft-graph-delegated", "UserAuthenticationMethod.ReadWrite.All"]]);
    expect(result[0].message).toContain("consented for all users in the tenant");
  });

  it("ignores delegated scopes and other APIs", async () => {
    const scopeApp = new azuread.Application("delegated-app", {
      displayName: "delegated-app",
      requiredResourceAccesses: [{ resourceAppId: MICROSOFT_GRAPH_APP_ID, resourceAccesses: [{ id: graphAppRoleId("Directory.ReadWrite.All"), type: "Scope" }] }],
    });
    const resources = await registered(scopeApp);
    expect(findings(resources, privilegedGraphPermission)).toEqual([]);
  });
});
