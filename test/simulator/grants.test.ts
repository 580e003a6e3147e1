import * as azuread from "@pulumi/azuread";
import { v5 as uuidv5 } from "uuid";
import { describe, expect, it } from "vitest";
import { api, expectFound, microsoftGraph, permission } from "../../model/catalog";
import { registrationError, simulate, valueOf } from "./harness";

const graph = microsoftGraph();
const devOps = expectFound(api("Azure DevOps"));
const userReadAll = expectFound(permission(graph, "User.Read.All", "application"));
const userRead = expectFound(permission(graph, "User.Read", "delegated"));
const devOpsImpersonation = expectFound(permission(devOps!, "user_impersonation", "delegated"));
/** GUIDs no catalog knows, made up deterministically for the cases that need one. */
const madeUp = (what: string): string => uuidv5(what, uuidv5.URL);
const ORDERS_READ_ROLE_ID = madeUp("https://orders.contoso.com/roles/Orders.Read");

describe("getServicePrincipal for first-party APIs", () => {
  it("answers for Microsoft Graph with the catalog's app role and scope ids", async () => {
    await simulate();
    const sp = await azuread.getServicePrincipal({ clientId: graph.appId });
    expect(sp.clientId).toBe(graph.appId);
    expect(sp.displayName).toBe("Microsoft Graph");
    expect(sp.appRoleIds["User.Read.All"]).toBe(userReadAll.id);
    expect(sp.oauth2PermissionScopeIds["User.Read"]).toBe(userRead.id);
    expect(Object.keys(sp.appRoleIds)).toHaveLength(graph.permissions.application.size);
    expect(sp.appRoles.find((r) => r.value === "User.Read.All")).toMatchObject({ id: userReadAll.id, allowedMemberTypes: ["Application"], enabled: true });
    expect(sp.objectId).toBe(sp.id);
  });

  it("answers for Azure DevOps, which exposes user_impersonation and no app roles", async () => {
    await simulate();
    const sp = await azuread.getServicePrincipal({ clientId: devOps!.appId });
    expect(sp.oauth2PermissionScopeIds).toEqual({ user_impersonation: devOpsImpersonation.id });
    expect(sp.appRoleIds).toEqual({});
  });

  it("finds the same service principal by display name and by object id", async () => {
    await simulate();
    const byClientId = await azuread.getServicePrincipal({ clientId: graph.appId });
    const byName = await azuread.getServicePrincipal({ displayName: "Microsoft Graph" });
    const byObjectId = await azuread.getServicePrincipal({ objectId: byClientId.objectId });
    expect(byName.objectId).toBe(byClientId.objectId);
    expect(byObjectId.clientId).toBe(graph.appId);
  });

  it("fails for an unknown client id with the provider's message", async () => {
    await simulate();
    await expect(azuread.getServicePrincipal({ clientId: madeUp("https://contoso.com/apps/not-registered") }))
      .rejects.toThrow(/No service principal found: no service principal found/);
  });

  it("answers for a service principal created in this deployment, with the app's roles", async () => {
    await simulate();
    const app = new azuread.Application("orders-api", {
      displayName: "orders-api",
      appRoles: [{ id: ORDERS_READ_ROLE_ID, value: "Orders.Read", displayName: "Read orders", description: "Read orders", allowedMemberTypes: ["Application"] }],
    });
    const sp = new azuread.ServicePrincipal("orders-api-sp", { clientId: app.clientId });
    const [clientId, objectId] = await Promise.all([valueOf(app.clientId), valueOf(sp.objectId)]);
    const found = await azuread.getServicePrincipal({ clientId });
    expect(found.objectId).toBe(objectId);
    expect(found.appRoleIds).toEqual({ "Orders.Read": ORDERS_READ_ROLE_ID });
  });
});

async function graphDaemon(name: string): Promise<{ principal: azuread.ServicePrincipal; graphObjectId: string }> {
  const app = new azuread.Application(`${name}-app`, { displayName: name });
  const principal = new azuread.ServicePrincipal(`${name}-sp`, { clientId: app.clientId });
  const graphSp = await azuread.getServicePrincipal({ clientId: graph.appId });
  return { principal, graphObjectId: graphSp.objectId };
}

describe("app role assignments (application permissions with admin consent)", () => {
  it("assigns User.Read.All of Microsoft Graph to the workload's service principal", async () => {
    await simulate();
    const { principal, graphObjectId } = await graphDaemon("graph-daemon");
    const assignment = new azuread.AppRoleAssignment("graph-daemon-graph-user-read-all", {
      appRoleId: userReadAll.id, principalObjectId: principal.objectId, resourceObjectId: graphObjectId,
    });
    const [id, resourceDisplayName, principalDisplayName] = await Promise.all([
      valueOf(assignment.id), valueOf(assignment.resourceDisplayName), valueOf(assignment.principalDisplayName),
    ]);
    expect(id).toMatch(new RegExp(`^/servicePrincipals/${graphObjectId}/appRoleAssignedTo/[A-Za-z0-9_-]{43}$`));
    expect(resourceDisplayName).toBe("Microsoft Graph");
    expect(principalDisplayName).toBe("graph-daemon");
  });

  it("refuses an appRoleId Microsoft Graph does not publish: 'Permission being assigned was not found'", async () => {
    await simulate();
    const { principal, graphObjectId } = await graphDaemon("typo-daemon");
    const assignment = new azuread.AppRoleAssignment("typo-daemon-graph-role", {
      appRoleId: madeUp("https://graph.microsoft.com/roles/User.Read.Al"), principalObjectId: principal.objectId, resourceObjectId: graphObjectId,
    });
    const error = await registrationError(assignment);
    expect(error).toContain(`Request_BadRequest: Permission being assigned was not found on application '${graph.appId}'.`);
    expect(error).toContain('resource "typo-daemon-graph-role"');
  });

  it("explains a delegated scope id passed as an app role (User.Read is delegated)", async () => {
    await simulate();
    const { principal, graphObjectId } = await graphDaemon("kind-daemon");
    const assignment = new azuread.AppRoleAssignment("kind-daemon-graph-user-read", {
      appRoleId: userRead.id, principalObjectId: principal.objectId, resourceObjectId: graphObjectId,
    });
    expect(await registrationError(assignment)).toMatch(/is the id of the delegated scope "User.Read" of Microsoft Graph/);
  });

  it("refuses the same app role assigned twice", async () => {
    await simulate();
    const { principal, graphObjectId } = await graphDaemon("twice-daemon");
    const args = { appRoleId: userReadAll.id, principalObjectId: principal.objectId, resourceObjectId: graphObjectId };
    const first = new azuread.AppRoleAssignment("twice-daemon-a", args);
    await valueOf(first.id);
    const second = new azuread.AppRoleAssignment("twice-daemon-b", args);
    expect(await registrationError(second)).toMatch(/Request_BadRequest: Permission being assigned already exists on the object\..*"twice-daemon-a"/);
  });
});

describe("delegated permission grants (admin consent for scopes)", () => {
  it("grants Azure DevOps user_impersonation", async () => {
    await simulate();
    const { principal } = await graphDaemon("pat-manager");
    const devOpsSp = await azuread.getServicePrincipal({ clientId: devOps!.appId });
    const grant = new azuread.ServicePrincipalDelegatedPermissionGrant("pat-manager-devops-grant", {
      servicePrincipalObjectId: principal.objectId,
      resourceServicePrincipalObjectId: devOpsSp.objectId,
      claimValues: ["user_impersonation"],
    });
    expect(await valueOf(grant.claimValues)).toEqual(["user_impersonation"]);
  });

  it("refuses a scope Azure DevOps does not expose", async () => {
    await simulate();
    const { principal } = await graphDaemon("pat-typo");
    const devOpsSp = await azuread.getServicePrincipal({ clientId: devOps!.appId });
    const grant = new azuread.ServicePrincipalDelegatedPermissionGrant("pat-typo-devops-grant", {
      servicePrincipalObjectId: principal.objectId,
      resourceServicePrincipalObjectId: devOpsSp.objectId,
      claimValues: ["vso.code_write"],
    });
    const error = await registrationError(grant);
    expect(error).toMatch(/^.*Request_BadRequest: Invalid value specified for property 'scope' of resource 'OAuth2PermissionGrant'\./);
    expect(error).toContain('claimValues[0] "vso.code_write" is not a delegated scope of Azure DevOps');
  });

  it("explains an application permission claimed as a delegated scope", async () => {
    await simulate();
    const { principal, graphObjectId } = await graphDaemon("grant-kind");
    const grant = new azuread.ServicePrincipalDelegatedPermissionGrant("grant-kind-graph-grant", {
      servicePrincipalObjectId: principal.objectId, resourceServicePrincipalObjectId: graphObjectId, claimValues: ["Application.ReadWrite.OwnedBy"],
    });
    expect(await registrationError(grant)).toMatch(/"Application.ReadWrite.OwnedBy" is an application permission \(app role\) of Microsoft Graph/);
  });
  it("refuses a second tenant-wide grant for the same client and resource: Request_MultipleObjectsWithSameKeyValue", async () => {
    await simulate();
    const { principal, graphObjectId } = await graphDaemon("grant-twice");
    const args = { servicePrincipalObjectId: principal.objectId, resourceServicePrincipalObjectId: graphObjectId };
    const first = new azuread.ServicePrincipalDelegatedPermissionGrant("grant-twice-openid", { ...args, claimValues: ["openid"] });
    await valueOf(first.id);
    const second = new azuread.ServicePrincipalDelegatedPermissionGrant("grant-twice-user-read", { ...args, claimValues: ["User.Read"] });
    expect(await registrationError(second)).toMatch(/Request_MultipleObjectsWithSameKeyValue: Permission entry already exists\..*"grant-twice-openid" already grants Microsoft Graph scopes/);
  });

  it("refuses a grant the tenant already holds (an administrator consented by URL), telling how to import it", async () => {
    await simulate({ tenant: { delegatedPermissionGrants: [{ clientDisplayName: "consented-app", resourceAppId: graph.appId }] } });
    const { principal, graphObjectId } = await graphDaemon("consented-app");
    const grant = new azuread.ServicePrincipalDelegatedPermissionGrant("consented-app-graph-delegated", {
      servicePrincipalObjectId: principal.objectId, resourceServicePrincipalObjectId: graphObjectId, claimValues: ["User.Read"],
    });
    const error = await registrationError(grant);
    expect(error).toMatch(/Request_MultipleObjectsWithSameKeyValue: Permission entry already exists\./);
    expect(error).toContain("pulumi import azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant consented-app-graph-delegated");
  });

  it("refuses a scope string over Graph's 3,850 characters", async () => {
    await simulate();
    const app = new azuread.Application("orders-api", {
      displayName: "orders-api",
      api: { oauth2PermissionScopes: Array.from({ length: 100 }, (_, i) => ({
        id: madeUp(`https://orders.contoso.com/scopes/${i}`), value: `Orders.Scope.${String(i).padStart(3, "0")}.${"x".repeat(24)}`,
        adminConsentDescription: "d", adminConsentDisplayName: "d", type: "Admin", enabled: true,
      })) },
    });
    const ordersSp = new azuread.ServicePrincipal("orders-api-sp", { clientId: app.clientId });
    const { principal } = await graphDaemon("orders-client");
    const claimValues = Array.from({ length: 100 }, (_, i) => `Orders.Scope.${String(i).padStart(3, "0")}.${"x".repeat(24)}`);
    expect(claimValues.join(" ").length).toBeGreaterThan(3850);
    const grant = new azuread.ServicePrincipalDelegatedPermissionGrant("orders-client-orders-delegated", {
      servicePrincipalObjectId: principal.objectId, resourceServicePrincipalObjectId: ordersSp.objectId, claimValues,
    });
    expect(await registrationError(grant)).toMatch(/Request_BadRequest: .*'scope'.*join into a 4199-character scope; Graph accepts at most 3850/);
  });
});
