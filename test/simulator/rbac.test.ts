import * as azuread from "@pulumi/azuread";
import type * as pulumi from "@pulumi/pulumi";
import { RoleAssignment } from "@pulumi/azure-native/authorization";
import { FederatedIdentityCredential, UserAssignedIdentity } from "@pulumi/azure-native/managedidentity";
import { v5 as uuidv5 } from "uuid";
import { describe, expect, it } from "vitest";
import { expectFound, isGuid, role, roleDefinitionResourceId } from "../../model/catalog";
import { RoleAssignments } from "../../components/role-assignments";
import { previousLogicalNames, roleAssignmentLogicalName, roleAssignmentName } from "../../model/role-assignment-names";
import { shortHash } from "../../model/slug";
import { OWNERS, T, VAULT, ofType, runManifest, runStack } from "../support/program";
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

describe("role assignment identity: the ARM name depends only on (principal, role, scope)", () => {
  const workload = { name: "law-reader", kind: "application" as const };
  const grant = (roleRef: string, scope: string) => ({ role: expectFound(role(roleRef)), scope });

  it("gives the same name and logical name to a role written by name or by GUID, and a scope with a trailing slash", () => {
    const byName = grant("Log Analytics Reader", WORKSPACE_SCOPE);
    for (const v of [grant(logAnalyticsReader.id, WORKSPACE_SCOPE), grant("log analytics reader", WORKSPACE_SCOPE), grant("Log Analytics Reader", `${WORKSPACE_SCOPE}/`)]) {
      expect(roleAssignmentName("dev", workload, v)).toBe(roleAssignmentName("dev", workload, byName));
      expect(roleAssignmentLogicalName("law-reader-ra", v)).toBe(roleAssignmentLogicalName("law-reader-ra", byName));
    }
  });

  it("keeps the logical name of a scope retyped in another letter case; its ARM name changes and the replacement deletes first", () => {
    const byName = grant("Log Analytics Reader", WORKSPACE_SCOPE);
    for (const v of [
      grant("Log Analytics Reader", WORKSPACE_SCOPE.toUpperCase().replace("/SUBSCRIPTIONS/", "/subscriptions/")),
      grant("Log Analytics Reader", WORKSPACE_SCOPE.replace("/resourceGroups/", "/resourcegroups/")),
    ]) {
      expect(roleAssignmentLogicalName("law-reader-ra", v)).toBe(roleAssignmentLogicalName("law-reader-ra", byName));
      expect(roleAssignmentName("dev", workload, v)).not.toBe(roleAssignmentName("dev", workload, byName));
    }
  });

  it("aliases the logical name when the catalog learns the role: a GUID it did not know resolves to a name later", () => {
    // A manifest may give a role the catalog lacks by GUID. When the catalog learns its name, the old logical name is
    // an alias (no create-before-delete of the same assignment); the ARM name follows the role's name, so that
    // assignment is replaced once, deleting first.
    const unknown = { role: { name: logAnalyticsReader.id, id: logAnalyticsReader.id, privileged: null, builtIn: false }, scope: WORKSPACE_SCOPE };
    const known = grant("Log Analytics Reader", WORKSPACE_SCOPE);
    expect(previousLogicalNames("law-reader-ra", known)).toContain(roleAssignmentLogicalName("law-reader-ra", unknown));
  });

  it("changes the name with the principal (stack, workload), the role or the scope", () => {
    const base = roleAssignmentName("dev", workload, grant("Reader", WORKSPACE_SCOPE));
    const others = [
      roleAssignmentName("prod", workload, grant("Reader", WORKSPACE_SCOPE)),
      roleAssignmentName("dev", { ...workload, name: "other" }, grant("Reader", WORKSPACE_SCOPE)),
      roleAssignmentName("dev", workload, grant("Log Analytics Reader", WORKSPACE_SCOPE)),
      roleAssignmentName("dev", workload, grant("Reader", `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-mon`)),
    ];
    // A workload that changes kind keeps the name: its new principal id replaces the assignment (principalId forces
    // a replacement in azure-native), deleting first.
    expect(new Set([base, ...others]).size).toBe(5);
    expect([base, ...others].every(isGuid)).toBe(true);
  });

  it("names an assignment by role name and scope hash, aliased to the name it had while its role was known only by GUID", () => {
    const g = grant("Log Analytics Reader", WORKSPACE_SCOPE);
    expect(roleAssignmentLogicalName("law-reader-ra", g)).toBe(`law-reader-ra-log-analytics-reader-${shortHash(WORKSPACE_SCOPE)}`);
    expect(previousLogicalNames("law-reader-ra", g)).toEqual([`law-reader-ra-${logAnalyticsReader.id}-${shortHash(WORKSPACE_SCOPE)}`]);
    const unknown = { role: { name: logAnalyticsReader.id, id: logAnalyticsReader.id, privileged: null, builtIn: false }, scope: WORKSPACE_SCOPE };
    expect(previousLogicalNames("law-reader-ra", unknown)).toEqual([]);
  });

  it("registers each assignment with those aliases and deleteBeforeReplace", async () => {
    await simulate({ subscriptionId: SUBSCRIPTION });
    const seen: { name: string; aliases: unknown; deleteBeforeReplace?: boolean }[] = [];
    const sp = workloadPrincipal("aliased");
    const component = new RoleAssignments("aliased-ra", {
      principalId: sp.objectId as never, stack: "dev", workload: { name: "aliased", kind: "application" },
      roles: [grant("Reader", WORKSPACE_SCOPE)],
    }, {
      transformations: [(args) => {
        if (args.type === "azure-native:authorization:RoleAssignment") {
          seen.push({ name: args.name, aliases: args.opts.aliases, deleteBeforeReplace: (args.opts as pulumi.CustomResourceOptions).deleteBeforeReplace });
        }
        return undefined;
      }],
    });
    await Promise.all([valueOf(component.urn), ...component.assignments.map((a) => valueOf(a.id))]);
    expect(seen).toEqual([{
      name: `aliased-ra-reader-${shortHash(WORKSPACE_SCOPE)}`,
      // The SDK adds its own type aliases (older API versions); ours is the name alias.
      aliases: expect.arrayContaining([{ name: `aliased-ra-${reader.id}-${shortHash(WORKSPACE_SCOPE)}` }]),
      deleteBeforeReplace: true,
    }]);
  });
});

describe("role assignment limit per subscription", () => {
  const OTHER = uuidv5("https://contoso.com/subscriptions/other", uuidv5.URL);
  const assign = (name: string, scope: string) => new RoleAssignment(name, {
    principalId: uuidv5(`https://contoso.com/users/${name}`, uuidv5.URL), principalType: "User",
    roleDefinitionId: roleDefinitionResourceId(reader.id, scope), scope, roleAssignmentName: nameFor(name),
  });

  it("refuses the assignment that would make 4,001 in one subscription with RoleAssignmentLimitExceeded", async () => {
    await simulate({ subscriptionId: SUBSCRIPTION, tenant: { existingRoleAssignments: 3999 } });
    const last = assign("limit-ra-0", WORKSPACE_SCOPE);
    await valueOf(last.id);
    const over = assign("limit-ra-1", `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-mon`);
    const error = await registrationError(over);
    expect(error).toContain("RoleAssignmentLimitExceeded: No more role assignments can be created.");
    expect(error).toContain(`subscription ${SUBSCRIPTION} already holds 4000 role assignments (3999 before this deployment)`);
  });

  it("counts per subscription and leaves management-group scopes out", async () => {
    await simulate({ subscriptionId: SUBSCRIPTION, tenant: { existingRoleAssignments: { [SUBSCRIPTION.toUpperCase()]: 4000 } } });
    const elsewhere = assign("other-sub-ra", `/subscriptions/${OTHER}/resourceGroups/rg-x`);
    const mg = new RoleAssignment("mg-ra", {
      principalId: uuidv5("https://contoso.com/users/mg", uuidv5.URL), principalType: "User",
      roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${reader.id}`, scope: "/providers/Microsoft.Management/managementGroups/platform", roleAssignmentName: nameFor("mg-ra"),
    });
    expect(isGuid(await valueOf(elsewhere.name))).toBe(true);
    expect(isGuid(await valueOf(mg.name))).toBe(true);
    expect(await registrationError(assign("full-sub-ra", WORKSPACE_SCOPE))).toContain("RoleAssignmentLimitExceeded");
  });
});

describe("editing a workload's roles does not re-create the same (principal, role, scope)", () => {
  const RG = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-app`;
  const manifest = (roles: { role: string; scope: string }[]) => ({
    keyVault: VAULT,
    defaults: OWNERS,
    workloads: { "law-reader": { type: "managedIdentity", resourceGroupName: "rg-app", roles } },
  });
  /** URN → ARM name of every role assignment: what the engine compares between two deployments. */
  async function assignments(roles: { role: string; scope: string }[]): Promise<Map<string, unknown>> {
    const run = await runManifest(manifest(roles));
    expect(run.error, String(run.error)).toBeUndefined();
    expect(run.failures.filter((f) => f.type === T.roleAssignment)).toEqual([]);
    return new Map(ofType(run, T.roleAssignment).map((r) => [r.name, r.inputs.roleAssignmentName]));
  }

  it("reordering, naming the role by GUID, and a trailing slash keep every URN and ARM name", async () => {
    const before = await assignments([{ role: "Log Analytics Reader", scope: WORKSPACE_SCOPE }, { role: "Reader", scope: RG }]);
    const after = await assignments([
      { role: reader.id, scope: `${RG}/` },
      { role: "log analytics reader", scope: WORKSPACE_SCOPE },
    ]);
    expect(after).toEqual(before);
    expect(before.size).toBe(2);
  });

  it("keeps every URN when a scope is retyped in another letter case (the changed ARM name replaces, deleting first)", async () => {
    const before = await assignments([{ role: "Reader", scope: RG }]);
    const after = await assignments([{ role: "Reader", scope: RG.replace("/resourceGroups/", "/resourcegroups/") }]);
    expect([...after.keys()]).toEqual([...before.keys()]);
  });

  it("keeps the ARM names toolkit 0.1 gave the dev stack's assignments, so an upgrade replaces none of them", async () => {
    // Recorded by planning stacks/Pulumi.dev.yaml with commit e661a2c (--now 2026-11-23): logical name → ARM name.
    const recorded: Record<string, string> = {
      "law-reader-ra-log-analytics-reader-65275cb5": "49610382-d1fe-52ee-9860-e9c656628f03",
      "metering-identity-ra-reader-8ebf81a6": "beee3f0a-866d-571f-a5fb-d316aed6a909",
      "metrics-publisher-ra-monitoring-metrics-publisher-1485b079": "71f30675-79fd-5afe-9cdf-d499907432f9",
      "orders-api-ra-storage-blob-data-reader-db661b71": "7f6f6b65-ebac-5178-acc5-a798b28c630e",
    };
    const run = await runStack("stacks/Pulumi.dev.yaml");
    const assignments = ofType(run, T.roleAssignment);
    for (const [old, armName] of Object.entries(recorded)) {
      // Same workload prefix and scope hash: the assignment the old logical name (now an alias) stands for.
      const workloadPrefix = old.slice(0, old.indexOf("-ra-") + 4);
      const hash = old.slice(old.lastIndexOf("-"));
      const now = assignments.filter((r) => r.name.startsWith(workloadPrefix) && r.name.endsWith(hash));
      expect(now.map((r) => r.inputs.roleAssignmentName), old).toEqual([armName]);
    }
  });
});
