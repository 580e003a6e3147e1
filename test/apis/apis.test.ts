import { describe, expect, it } from "vitest";
import { isManifestError } from "../../stacks/manifest";
import { exposedAppRoleId, exposedScopeId } from "../../model/exposed-api";
import { api, expectFound, permission, role } from "../../model/catalog";
import { buildPlan } from "../../preview/plan/build";
import type { WorkloadSummary } from "../../model/summary";
import { named, NOW, ofType, OWNERS, runManifest, T, VAULT } from "../support/program";

const OUTSIDE_SP = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

/** Consumers declared before the API they call: references work in any order. */
const stack = (extra: Record<string, unknown> = {}) => ({
  keyVault: VAULT,
  defaults: OWNERS,
  workloads: {
    "stock-sync": { type: "managedIdentity", resourceGroupName: "rg-stock", apiPermissions: [{ api: "inventory-api", application: ["Inventory.Read"] }] },
    "shop-web": {
      web: { redirectUris: ["https://shop.contoso.com/signin-oidc"] },
      credentials: [{ type: "secret" }],
      secretReaders: ["stock-sync", { objectId: OUTSIDE_SP, type: "ServicePrincipal" }],
      apiPermissions: [{ api: "inventory-api", delegated: ["Inventory.Browse"] }],
    },
    "inventory-api": {
      expose: {
        appRoles: [{ value: "Inventory.Read", displayName: "Read inventory", description: "Read stock levels" }],
        scopes: [{ value: "Inventory.Browse", adminConsentDisplayName: "Browse inventory", adminConsentDescription: "Browse as the signed-in user" }],
      },
    },
    ...extra,
  },
});

describe("APIs between workloads", () => {
  it("grants the consumer the exposing application's role id and names the exposed scope", async () => {
    const run = await runManifest(stack());
    expect(run.error, String(run.error)).toBeUndefined();
    expect(run.failures).toEqual([]);
    const summaries = run.outputs.workloads as Record<string, { clientId: string; servicePrincipalObjectId: string }>;
    const api = summaries["inventory-api"];
    const app = named(run, "inventory-api-app");
    const roleId = exposedAppRoleId("inventory-api", "Inventory.Read");
    expect(app.inputs.appRoles).toEqual([expect.objectContaining({ id: roleId, value: "Inventory.Read", allowedMemberTypes: ["Application"] })]);
    const assignment = ofType(run, T.appRoleAssignment).find((r) => r.name.startsWith("stock-sync-consent"));
    expect(assignment?.inputs.appRoleId).toBe(roleId);
    // The resource is the exposing application's service principal, the principal the managed identity.
    expect(assignment?.inputs.resourceObjectId).toBe(api.servicePrincipalObjectId);
    expect(assignment?.inputs.principalObjectId).toBe(summaries["stock-sync"].servicePrincipalObjectId);
    const grant = ofType(run, T.delegatedGrant).find((r) => r.name.startsWith("shop-web-consent"));
    expect(grant?.inputs.claimValues).toEqual(["Inventory.Browse"]);
    expect(grant?.inputs.resourceServicePrincipalObjectId).toBe(api.servicePrincipalObjectId);
    // The consumer's requiredResourceAccess names the API's client id and the scope's stable id.
    expect(named(run, "shop-web-app").inputs.requiredResourceAccesses).toEqual([{
      resourceAppId: api.clientId,
      resourceAccesses: [{ id: exposedScopeId("inventory-api", "Inventory.Browse"), type: "Scope" }],
    }]);
    const uri = named(run, "inventory-api-identifier-uri");
    expect(uri.inputs.identifierUri).toBe(`api://${api.clientId}`);
    expect(uri.inputs.applicationId).toMatch(/^\/applications\//);
  });

  it("gives each secret reader Key Vault Secrets User on each secret, at secret scope, after the secret", async () => {
    const run = await runManifest(stack());
    expect(run.failures).toEqual([]);
    const readerRole = expectFound(role("Key Vault Secrets User"));
    const readers = ofType(run, T.roleAssignment).filter((r) => r.name.startsWith("shop-web-readers"));
    const secrets = ofType(run, T.secret).filter((s) => s.name.startsWith("shop-web-kv"));
    expect(secrets.length).toBe(3);
    expect(readers.length).toBe(2 * secrets.length);
    for (const secret of secrets) {
      const secretName = String(secret.inputs.secretName);
      const forSecret = readers.filter((r) => String(r.inputs.scope).endsWith(`/secrets/${secretName}`));
      expect(forSecret.map((r) => r.inputs.principalType).sort()).toEqual(["ServicePrincipal", "ServicePrincipal"]);
      for (const r of forSecret) {
        expect(String(r.inputs.scope)).toMatch(/\/providers\/Microsoft\.KeyVault\/vaults\/kv-test\/secrets\/shop-web-/);
        expect(String(r.inputs.roleDefinitionId)).toMatch(new RegExp(`/roleDefinitions/${readerRole.id}$`));
        expect(r.dependsOn).toContain(secret.urn);
      }
    }
    const summaries = run.outputs.workloads as Record<string, { servicePrincipalObjectId: string }>;
    expect(readers.map((r) => r.inputs.principalId)).toContain(summaries["stock-sync"].servicePrincipalObjectId);
    expect(readers.map((r) => r.inputs.principalId)).toContain(OUTSIDE_SP);
  });

  it("answers a typo in a role value with did you mean, at the path", async () => {
    const manifest = stack({ typo: { type: "managedIdentity", resourceGroupName: "rg-stock", apiPermissions: [{ api: "inventory-api", application: ["Inventory.Raed"] }] } });
    const run = await runManifest(manifest);
    expect(isManifestError(run.error)).toBe(true);
    if (!isManifestError(run.error)) return;
    expect(run.error.problems).toContainEqual({
      path: "workloads.typo.apiPermissions[0].application[0]",
      message: expect.stringMatching(/inventory-api exposes no app role "Inventory.Raed" — did you mean "Inventory.Read"\?/),
    });
  });

  it("refuses a secret reader or an API naming no workload of the stack (exit 2 with the path)", async () => {
    const manifest = stack({ lost: { secretReaders: ["stock-snyc"], credentials: [{ type: "secret" }], apiPermissions: [{ api: "inventory-apii", application: ["Inventory.Read"] }] } });
    const run = await runManifest(manifest);
    expect(isManifestError(run.error)).toBe(true);
    if (!isManifestError(run.error)) return;
    const paths = run.error.problems.map((p) => p.path);
    expect(paths).toContain("workloads.lost.secretReaders[0]");
    expect(paths).toContain("workloads.lost.apiPermissions[0].api");
    expect(run.error.problems.find((p) => p.path === "workloads.lost.apiPermissions[0].api")?.message).toMatch(/did you mean "inventory-api"/);
  });

  it("plan.json carries who reads which secret, who signs in and what is exposed", async () => {
    const run = await runManifest(stack());
    const planned = buildPlan({ stack: "test", project: "entra-workloads", now: NOW, resources: run.resources, workloads: run.outputs.workloads as Record<string, WorkloadSummary>, violations: [], assumptions: [] });
    const byName = Object.fromEntries(planned.workloads.map((w) => [w.name, w]));
    expect(byName["shop-web"].secretReaders?.map((r) => [r.reader, r.principalType, r.secrets.length])).toEqual([["stock-sync", "ServicePrincipal", 3], [OUTSIDE_SP, "ServicePrincipal", 3]]);
    expect(byName["inventory-api"].exposes?.appRoles).toEqual([{ value: "Inventory.Read", id: exposedAppRoleId("inventory-api", "Inventory.Read"), allowedMemberTypes: ["Application"] }]);
    const apiClientId = (run.outputs.workloads as Record<string, WorkloadSummary>)["inventory-api"].clientId;
    expect(byName["stock-sync"].apiPermissions).toEqual([expect.objectContaining({ stackApi: "inventory-api", apiAppId: apiClientId, name: "Inventory.Read", id: exposedAppRoleId("inventory-api", "Inventory.Read") })]);
  });

  it("gives a managed identity Microsoft Graph application permissions end to end (what the portal cannot do)", async () => {
    const run = await runManifest({ keyVault: VAULT, workloads: { "directory-sync": { type: "managedIdentity", resourceGroupName: "rg-sync", apiPermissions: [{ api: "Microsoft Graph", application: ["User.Read.All"] }] } } });
    expect(run.error, String(run.error)).toBeUndefined();
    expect(run.failures).toEqual([]);
    const graph = expectFound(api("Microsoft Graph"));
    const [assignment] = ofType(run, T.appRoleAssignment);
    const summaries = run.outputs.workloads as Record<string, WorkloadSummary>;
    expect(assignment.inputs).toMatchObject({
      appRoleId: expectFound(permission(graph!, "User.Read.All", "application")).id,
      principalObjectId: summaries["directory-sync"].servicePrincipalObjectId,
    });
    expect(summaries["directory-sync"].apiPermissions).toEqual([expect.objectContaining({ api: "Microsoft Graph", name: "User.Read.All", kind: "application", adminConsent: true })]);
  });
});
