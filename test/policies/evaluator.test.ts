import * as authorization from "@pulumi/azure-native/authorization";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as azuread from "@pulumi/azuread";
import { beforeAll, describe, expect, it } from "vitest";
import { MICROSOFT_GRAPH_APP_ID } from "../../model/catalog";
import { allPolicies, ruleNames } from "../../policies/rules";
import { effectiveLevel, evaluatePolicies, policyProps, type PolicyResourceInput } from "../../preview/policy-evaluator";
import { daysFromNow, findings, graphAppRoleId, installMocks, NOW, registered, RESOURCE_GROUP, roleDefinitionId, SUBSCRIPTION } from "./harness";

const OWNER = "00000000-0000-4000-8000-00000000000a";
const DEPLOYER = "00000000-0000-4000-8000-00000000000d";
const SP = "11111111-2222-4333-8444-555555555555";
const GRAPH_SP = "99999999-0000-4000-8000-000000000003";

/** A least-privileged workload as the toolkit declares it: nothing for the pack to say. */
async function goodWorkload(): Promise<PolicyResourceInput[]> {
  return registered(
    new azuread.Application("law-reader", { displayName: "law-reader", owners: [DEPLOYER, OWNER], signInAudience: "AzureADMyOrg" }),
    new azuread.ApplicationPassword("law-reader-secret-blue", { applicationId: "/applications/law", endDate: daysFromNow(90) }),
    new authorization.RoleAssignment("law-reader-ra-0", {
      principalId: SP, principalType: "ServicePrincipal", roleDefinitionId: roleDefinitionId("Log Analytics Reader", RESOURCE_GROUP), scope: RESOURCE_GROUP,
    }),
    new keyvault.Vault("kv-workloads-dev", {
      resourceGroupName: "rg-identity-dev",
      properties: {
        tenantId: OWNER, sku: { family: "A", name: "standard" }, enableRbacAuthorization: true, enablePurgeProtection: true, softDeleteRetentionInDays: 90,
        networkAcls: { defaultAction: "Deny", bypass: "AzureServices" },
      },
    }),
    new keyvault.Secret("law-reader-kv-secret", {
      resourceGroupName: "rg-identity-dev", vaultName: "kv-workloads-dev", secretName: "law-reader-client-secret",
      properties: { value: "x", attributes: { expires: Math.floor(NOW.getTime() / 1000) + 90 * 86_400 } },
    }),
  );
}

/** Issue 4's failing fixture: Owner at subscription scope, Directory.ReadWrite.All and a 2-year secret. */
async function badWorkload(): Promise<PolicyResourceInput[]> {
  const resources = await registered(
    new authorization.RoleAssignment("bad-owner-ra-0", {
      principalId: SP, principalType: "ServicePrincipal", roleDefinitionId: roleDefinitionId("Owner"), scope: SUBSCRIPTION,
    }),
    new azuread.AppRoleAssignment("bad-graph-consent-0", { appRoleId: graphAppRoleId("Directory.ReadWrite.All"), principalObjectId: SP, resourceObjectId: GRAPH_SP }),
    new azuread.Application("bad-app", {
      displayName: "bad", owners: [DEPLOYER, OWNER],
      requiredResourceAccesses: [{ resourceAppId: MICROSOFT_GRAPH_APP_ID, resourceAccesses: [{ id: graphAppRoleId("Directory.ReadWrite.All"), type: "Role" }] }],
    }),
    new azuread.ApplicationPassword("bad-secret-blue", { applicationId: "/applications/bad", endDate: daysFromNow(730) }),
  );
  return resources.map((r) => ({ ...r, workload: "bad" }));
}

beforeAll(() => installMocks());

describe("evaluatePolicies", () => {
  it("finds nothing on a least-privileged workload", async () => {
    expect(findings(await goodWorkload())).toEqual([]);
  });

  it("reports issue 4's fixture: Owner at subscription scope, Directory.ReadWrite.All and a 2-year secret", async () => {
    const result = findings(await badWorkload());
    expect(result.filter((f) => f.enforcement === "mandatory").map((f) => [f.policy, f.urn.split("::").pop()])).toEqual([
      ["privileged-role-assignment", "bad-owner-ra-0"],
      ["privileged-graph-permission", "bad-app"],
      ["no-client-secret", "bad-secret-blue"],
      ["secret-lifetime", "bad-secret-blue"],
    ]);
    expect(result.filter((f) => f.enforcement === "advisory").map((f) => f.policy)).toEqual(["broad-scope-role-assignment"]);
    expect(result.every((f) => f.workload === "bad")).toBe(true);
  });

  it("orders findings by URN, then rule, whatever order resources arrive in", async () => {
    const resources = await badWorkload();
    expect(findings([...resources].reverse())).toEqual(findings(resources));
  });

  it("runs every rule of issue 4's table, in its order", () => {
    expect(ruleNames).toEqual([
      "privileged-role-assignment", "broad-scope-role-assignment", "role-assignment-principal-type", "privileged-graph-permission",
      "no-client-secret", "federated-trust", "secret-lifetime", "certificate-lifetime", "key-vault-hardening", "key-vault-secret-expiry",
      "key-vault-network", "redirect-uri", "implicit-grant", "sign-in-audience", "application-owners",
    ]);
    expect(allPolicies.every((p) => p.description.length > 0 && !p.description.includes("\n"))).toBe(true);
  });

  it("does not crash on values unknown during preview", () => {
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const resources: PolicyResourceInput[] = allPolicies.length > 0 ? [
      { urn: "urn:a", type: "azure-native:authorization:RoleAssignment", name: "a", props: { principalId: unknown, principalType: "ServicePrincipal", roleDefinitionId: unknown, scope: unknown } },
      { urn: "urn:b", type: "azuread:index/application:Application", name: "b", props: { displayName: "b", owners: [DEPLOYER, OWNER], requiredResourceAccesses: [{ resourceAppId: unknown, resourceAccesses: unknown }], web: unknown } },
      { urn: "urn:c", type: "azure-native:keyvault:Secret", name: "c", props: { secretName: unknown, properties: unknown } },
      { urn: "urn:d", type: "azure-native:keyvault:Vault", name: "d", props: { properties: unknown } },
    ] : [];
    expect(() => evaluatePolicies(resources, { now: NOW })).not.toThrow();
  });

  it("unwraps secret markers and drops unknowns the way the engine's args do", () => {
    const marker = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "2026-01-01T00:00:00Z" };
    expect(policyProps({ endDate: marker, list: ["04da6b54-80e4-46f7-96ec-b56ff0331ba9", "x"] })).toEqual({ endDate: "2026-01-01T00:00:00Z", list: [undefined, "x"] });
  });

  it("checks required access on the application too", async () => {
    const resources = await registered(new azuread.Application("dir-app", {
      displayName: "dir-app", owners: [DEPLOYER, OWNER],
      requiredResourceAccesses: [{ resourceAppId: MICROSOFT_GRAPH_APP_ID, resourceAccesses: [{ id: graphAppRoleId("Application.ReadWrite.All"), type: "Role" }] }],
    }));
    expect(findings(resources).map((f) => f.policy)).toEqual(["privileged-graph-permission"]);
  });
});

describe("configurable enforcement", () => {
  it("takes a rule's level from the pack config, in either form", async () => {
    const resources = await badWorkload();
    const asString = findings(resources, undefined, { config: { "secret-lifetime": "advisory" } });
    const asObject = findings(resources, undefined, { config: { "secret-lifetime": { enforcementLevel: "advisory" } } });
    for (const result of [asString, asObject]) {
      expect(result.find((f) => f.policy === "secret-lifetime")?.enforcement).toBe("advisory");
      expect(result.find((f) => f.policy === "privileged-role-assignment")?.enforcement).toBe("mandatory");
    }
  });

  it("disables a rule", async () => {
    const result = findings(await badWorkload(), undefined, { config: { "privileged-role-assignment": "disabled" } });
    expect(result.map((f) => f.policy)).not.toContain("privileged-role-assignment");
  });

  it("applies `all` to every rule without its own level", () => {
    const config = { all: "mandatory" as const, "sign-in-audience": "advisory" as const };
    const broad = allPolicies.find((p) => p.name === "broad-scope-role-assignment");
    const audience = allPolicies.find((p) => p.name === "sign-in-audience");
    if (!broad || !audience) throw new Error("rules missing");
    expect(effectiveLevel(broad, config)).toBe("mandatory");
    expect(effectiveLevel(audience, config)).toBe("advisory");
    expect(effectiveLevel(broad)).toBe("advisory");
  });

  it("rejects config for rules, levels or settings that do not exist", () => {
    expect(() => evaluatePolicies([], { now: NOW, config: { "secret-lifetme": "advisory" } })).toThrow(/secret-lifetme: unknown rule — did you mean "secret-lifetime"/);
    expect(() => evaluatePolicies([], { now: NOW, config: { "secret-lifetime": { maxSecretLifetime: 90 } } })).toThrow(/secret-lifetime.maxSecretLifetime: unknown setting — did you mean "maxSecretLifetimeDays"/);
    expect(() => evaluatePolicies([], { now: NOW, config: { "redirect-uri": "blocking" as never } })).toThrow(/unknown enforcement level "blocking"/);
  });
});
