import * as azuread from "@pulumi/azuread";
import { RoleAssignment } from "@pulumi/azure-native/authorization";
import { FederatedIdentityCredential, UserAssignedIdentity } from "@pulumi/azure-native/managedidentity";
import { v5 as uuidv5 } from "uuid";
import { describe, expect, it } from "vitest";
import { expectFound, isGuid, role, roleDefinitionResourceId } from "../../components/catalog";
import { registrationError, simulate, valueOf } from "./harness";

const SUBSCRIPTION = uuidv5("https://contoso.com/subscriptions/platform", uuidv5.URL);
const WORKSPACE_SCOPE = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-mon/providers/Microsoft.OperationalInsights/workspaces/law-prod`;
const logAnalyticsReader = expectFound(role("Log Analytics Reader"));
const reader = expectFound(role("Reader"));
const readerId = roleDefinitionResourceId(reader.id, WORKSPACE_SCOPE);
const lawReaderId = roleDefinitionResourceId(logAnalyticsReader.id, WORKSPACE_SCOPE);
/** Deterministic role assignment name, as the components derive it. */
const nameFor = (logicalName: string): string => uuidv5(logicalName, uuidv5.URL);

function workloadPrincipal(name: string): azuread.ServicePrincipal {
  const app = new azuread.Application(`${name}-app`, { displayName: name });
  return new azuread.ServicePrincipal(`${name}-sp`, { clientId: app.clientId });
}

describe("role assignments", () => {
  it("assigns Log Analytics Reader with principalType ServicePrincipal and gets the ARM id {scope}/providers/Microsoft.Authorization/roleAssignments/{name}", async () => {
    await simulate({ subscriptionId: SUBSCRIPTION });
    const sp = workloadPrincipal("law-reader");
    const ra = new RoleAssignment("law-reader-ra-0", {
      principalId: sp.objectId, principalType: "ServicePrincipal", roleDefinitionId: lawReaderId, scope: WORKSPACE_SCOPE,
      roleAssignmentName: nameFor("law-reader-ra-0"),
    });
    const [id, name, principalType] = await Promise.all([valueOf(ra.id), valueOf(ra.name), valueOf(ra.principalType)]);
    expect(name).toBe(nameFor("law-reader-ra-0"));
    expect(id).toBe(`${WORKSPACE_SCOPE}/providers/Microsoft.Authorization/roleAssignments/${name}`);
    expect(principalType).toBe("ServicePrincipal");
  });

  it("generates a GUID name when none is given, as the provider does", async () => {
    await simulate({ subscriptionId: SUBSCRIPTION });
    const ra = new RoleAssignment("auto-named-ra", {
      principalId: uuidv5("https://contoso.com/groups/platform-admins", uuidv5.URL), principalType: "Group", roleDefinitionId: readerId, scope: WORKSPACE_SCOPE,
    });
    expect(isGuid(await valueOf(ra.name))).toBe(true);
  });

  it("refuses a role assignment to a service principal created in the same deployment without principalType (replication delay)", async () => {
    await simulate({ subscriptionId: SUBSCRIPTION });
    const sp = workloadPrincipal("no-type");
    const ra = new RoleAssignment("no-type-ra-0", { principalId: sp.objectId, roleDefinitionId: lawReaderId, scope: WORKSPACE_SCOPE });
    const error = await registrationError(ra);
    expect(error).toMatch(/PrincipalNotFound: Principal [0-9a-f]{32} does not exist in the directory .* replication delay/);
    expect(error).toContain('resource "no-type-ra-0"');
    expect(error).toContain('set principalType: "ServicePrincipal"');
  });

  it("refuses principalType User (what azure-native sends by default) for a service principal created in the same deployment", async () => {
    await simulate({ subscriptionId: SUBSCRIPTION });
    const sp = workloadPrincipal("user-type");
    const ra = new RoleAssignment("user-type-ra-0", { principalId: sp.objectId, principalType: "User", roleDefinitionId: readerId, scope: WORKSPACE_SCOPE });
    expect(await registrationError(ra)).toMatch(/PrincipalNotFound: .*principalType "User"/);
  });

  it("refuses the same for a managed identity created in the same deployment", async () => {
    await simulate({ subscriptionId: SUBSCRIPTION });
    const mi = new UserAssignedIdentity("metering-mi", { resourceGroupName: "rg-saas", resourceName: "metering" });
    const ra = new RoleAssignment("metering-ra-0", { principalId: mi.principalId, roleDefinitionId: readerId, scope: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-saas` });
    expect(await registrationError(ra)).toMatch(/PrincipalNotFound: .*the managed identity "metering-mi" is created in this deployment/);
  });

  it("refuses an application object id passed where the service principal's is needed", async () => {
    await simulate({ subscriptionId: SUBSCRIPTION });
    const app = new azuread.Application("wrong-id-app", { displayName: "wrong-id" });
    const ra = new RoleAssignment("wrong-id-ra-0", { principalId: app.objectId, roleDefinitionId: readerId, scope: WORKSPACE_SCOPE });
    expect(await registrationError(ra)).toMatch(/PrincipalNotFound: .*is the object id of application "wrong-id-app", which is not a principal/);
  });

  it("refuses a second assignment of the same role to the same principal at the same scope", async () => {
    await simulate({ subscriptionId: SUBSCRIPTION });
    const sp = workloadPrincipal("twice");
    const args = { principalId: sp.objectId, principalType: "ServicePrincipal", roleDefinitionId: readerId, scope: WORKSPACE_SCOPE };
    const first = new RoleAssignment("twice-ra-0", { ...args, roleAssignmentName: nameFor("twice-ra-0") });
    await valueOf(first.id);
    const second = new RoleAssignment("twice-ra-1", { ...args, roleAssignmentName: nameFor("twice-ra-1") });
    const error = await registrationError(second);
    expect(error).toContain(`RoleAssignmentExists: The role assignment already exists. The ID of the existing role assignment is ${nameFor("twice-ra-0").replace(/-/g, "")}.`);
    expect(error).toContain('"twice-ra-0" already assigns role');
  });

  it("refuses a role assignment name that is not a GUID", async () => {
    await simulate({ subscriptionId: SUBSCRIPTION });
    const ra = new RoleAssignment("law-reader-ra-named", {
      principalId: uuidv5("https://contoso.com/users/alice", uuidv5.URL), principalType: "User", roleDefinitionId: readerId, scope: WORKSPACE_SCOPE,
      roleAssignmentName: "law-reader-reader",
    });
    expect(await registrationError(ra)).toMatch(/InvalidRoleAssignmentId: The role assignment ID 'law-reader-reader' is not valid\. The role assignment ID must be a GUID\./);
  });

  it.each([
    ["a bare role GUID", () => reader.id],
    ["a role name", () => "Reader"],
    ["a role definition id with the name instead of the GUID", () => `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/Reader`],
  ])("refuses %s as roleDefinitionId", async (_what, roleDefinitionId) => {
    await simulate({ subscriptionId: SUBSCRIPTION });
    const ra = new RoleAssignment(`bad-role-${_what.length}`, {
      principalId: uuidv5("https://contoso.com/users/bob", uuidv5.URL), principalType: "User", roleDefinitionId: roleDefinitionId(), scope: WORKSPACE_SCOPE,
    });
    expect(await registrationError(ra)).toMatch(/InvalidRoleDefinitionId: The role definition ID '.*' is not valid\./);
  });

  it("accepts the tenant-level role definition id form", async () => {
    await simulate({ subscriptionId: SUBSCRIPTION });
    const ra = new RoleAssignment("tenant-form-ra", {
      principalId: uuidv5("https://contoso.com/users/carol", uuidv5.URL), principalType: "User",
      roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${reader.id}`, scope: WORKSPACE_SCOPE,
    });
    expect(await valueOf(ra.roleDefinitionId)).toBe(`/providers/Microsoft.Authorization/roleDefinitions/${reader.id}`);
  });
});

describe("user-assigned managed identities", () => {
  it("has a principal id, client id, tenant and the ARM id from subscription, resource group and name", async () => {
    const sim = await simulate({ subscriptionId: SUBSCRIPTION });
    const mi = new UserAssignedIdentity("metering-mi", { resourceGroupName: "rg-saas", resourceName: "metering" });
    const [id, principalId, clientId, tenantId] = await Promise.all([valueOf(mi.id), valueOf(mi.principalId), valueOf(mi.clientId), valueOf(mi.tenantId)]);
    expect(id).toBe(`/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-saas/providers/Microsoft.ManagedIdentity/userAssignedIdentities/metering`);
    expect([principalId, clientId].every(isGuid)).toBe(true);
    expect(tenantId).toBe(sim.tenantId);
  });

  it("refuses the 21st federated credential on one identity", async () => {
    await simulate({ subscriptionId: SUBSCRIPTION });
    const mi = new UserAssignedIdentity("aks-mi", { resourceGroupName: "rg-aks", resourceName: "aks-workloads" });
    const credentials = Array.from({ length: 21 }, (_, i) => new FederatedIdentityCredential(`aks-mi-fic-${i}`, {
      resourceGroupName: "rg-aks", resourceName: mi.name, audiences: ["api://AzureADTokenExchange"],
      issuer: "https://oidc.prod-aks.azure.com/contoso/", subject: `system:serviceaccount:ns-${i}:workload`,
    }));
    await Promise.all(credentials.slice(0, 20).map((c) => valueOf(c.id)));
    expect(await registrationError(credentials[20])).toMatch(/BadRequest: A maximum of 20 federated identity credentials .* managed identity aks-workloads already has 20/);
  });
});
