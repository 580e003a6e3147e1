import * as authorization from "@pulumi/azure-native/authorization";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as azuread from "@pulumi/azuread";
import { beforeAll, describe, expect, it } from "vitest";
import { MICROSOFT_GRAPH_APP_ID } from "../../model/catalog";
import { federatedTrust, keyVaultNetwork, noClientSecret, privilegedGraphPermission, privilegedRoleAssignment } from "../../policies/rules";
import { parseWaivers, WaiverFileError, type Waiver } from "../../policies/waivers";
import type { PolicyResourceInput } from "../../preview/policy-evaluator";
import { daysFromNow, findings, graphAppRoleId, installMocks, registered, roleDefinitionId, SUBSCRIPTION } from "./harness";

const GITHUB = "https://token.actions.githubusercontent.com";

function app(name: string, roles: string[]) {
  return new azuread.Application(`${name}-app`, {
    displayName: name,
    requiredResourceAccesses: roles.length === 0 ? [] : [{ resourceAppId: MICROSOFT_GRAPH_APP_ID, resourceAccesses: roles.map((r) => ({ id: graphAppRoleId(r), type: "Role" })) }],
  });
}

const secret = (name: string) => new azuread.ApplicationPassword(`${name}-secret-blue`, { applicationId: `/applications/${name}`, endDate: daysFromNow(90) });
const fic = (name: string, slot: string, subject: string) => new azuread.ApplicationFederatedIdentityCredential(`${name}-fic-${slot}`, {
  applicationId: `/applications/${name}`, displayName: slot, audiences: ["api://AzureADTokenExchange"], issuer: GITHUB, subject,
});

/** Registers resources and tags them with their workload, as the plan runner does. */
async function workload(name: string, ...resources: Parameters<typeof registered>): Promise<PolicyResourceInput[]> {
  return (await registered(...resources)).map((r) => ({ ...r, workload: name }));
}

beforeAll(() => installMocks());

describe("no-client-secret", () => {
  it("is mandatory for a secret on a workload holding a Microsoft Graph application permission, naming workload and secret", async () => {
    const result = findings(await workload("graph-reader", app("graph-reader", ["User.Read.All"]), secret("graph-reader")), noClientSecret);
    expect(result).toEqual([expect.objectContaining({ enforcement: "mandatory", workload: "graph-reader", item: "graph-reader-secret-blue" })]);
    expect(result[0].message).toMatch(/^workload "graph-reader": client secret graph-reader-secret-blue .*User\.Read\.All/);
  });

  it("is advisory for any other secret", async () => {
    const result = findings(await workload("plain", app("plain", []), secret("plain")), noClientSecret);
    expect(result.map((f) => f.enforcement)).toEqual(["advisory"]);
  });

  it("passes a Graph-holding workload that authenticates with a federated credential", async () => {
    expect(findings(await workload("fed", app("fed", ["User.Read.All"]), fic("fed", "main", "repo:contoso/app:environment:prod")), noClientSecret)).toEqual([]);
  });

  it("takes both levels from the pack config", async () => {
    const resources = await workload("cfg", app("cfg", ["User.Read.All"]), secret("cfg"));
    const result = findings(resources, noClientSecret, { config: { "no-client-secret": { withGraphApplicationPermission: "advisory" } } });
    expect(result.map((f) => f.enforcement)).toEqual(["advisory"]);
  });
});

describe("federated-trust", () => {
  it("fails a privileged identity (tier-0 Graph permission) trusting GitHub pull_request", async () => {
    const result = findings(await workload("priv", app("priv", ["RoleManagement.ReadWrite.Directory"]), fic("priv", "pr", "repo:contoso/app:pull_request")), federatedTrust);
    expect(result).toEqual([expect.objectContaining({ enforcement: "mandatory", workload: "priv", item: "priv-fic-pr" })]);
    expect(result[0].message).toContain("pull_request");
    expect(result[0].message).toContain("RoleManagement.ReadWrite.Directory");
  });

  it("fails a managed identity holding a privileged Azure role (Owner) trusting a wildcard subject", async () => {
    const mi = new managedidentity.FederatedIdentityCredential("ops-fic-k8s", {
      resourceGroupName: "rg", resourceName: "ops", issuer: "https://oidc.example/", subject: "system:serviceaccount:ops:*", audiences: ["api://AzureADTokenExchange"],
    });
    const owner = new authorization.RoleAssignment("ops-ra-0", { principalId: "p", principalType: "ServicePrincipal", roleDefinitionId: roleDefinitionId("Owner"), scope: SUBSCRIPTION });
    const result = findings(await workload("ops", mi, owner), federatedTrust);
    expect(result.map((f) => [f.enforcement, f.item])).toEqual([["mandatory", "ops-fic-k8s"]]);
    expect(result[0].message).toContain("wildcard");
  });

  it("fails a managed identity granted a tier-0 Graph permission (AppRoleAssignment) trusting pull_request", async () => {
    const mi = new managedidentity.FederatedIdentityCredential("graphmi-fic-pr", {
      resourceGroupName: "rg", resourceName: "graphmi", issuer: GITHUB, subject: "repo:contoso/app:pull_request", audiences: ["api://AzureADTokenExchange"],
    });
    const grant = new azuread.AppRoleAssignment("graphmi-consent-0", { appRoleId: graphAppRoleId("RoleManagement.ReadWrite.Directory"), principalObjectId: "p", resourceObjectId: "g" });
    const result = findings(await workload("graphmi", mi, grant), federatedTrust);
    expect(result.map((f) => f.enforcement)).toEqual(["mandatory"]);
    expect(result[0].message).toContain("RoleManagement.ReadWrite.Directory");
  });

  it("is advisory for pull_request on an unprivileged workload (Application.Read.All, as the dev stack's pipeline-preview)", async () => {
    const result = findings(await workload("preview", app("preview", ["Application.Read.All"]), fic("preview", "pr", "repo:contoso/app:pull_request")), federatedTrust);
    expect(result.map((f) => f.enforcement)).toEqual(["advisory"]);
  });

  it("fails a flexible credential's claims expression on a privileged workload", async () => {
    const flex = new azuread.ApplicationFlexibleFederatedIdentityCredential("flexpriv-fic-any", {
      applicationId: "/applications/flexpriv", displayName: "any", audience: "api://AzureADTokenExchange", issuer: GITHUB,
      claimsMatchingExpression: "claims['sub'] matches 'repo:contoso/*'",
    });
    const result = findings(await workload("flexpriv", app("flexpriv", ["Directory.ReadWrite.All"]), flex), federatedTrust);
    expect(result.map((f) => f.enforcement)).toEqual(["mandatory"]);
  });

  it("passes a protected environment subject on a privileged workload", async () => {
    expect(findings(await workload("env", app("env", ["Directory.ReadWrite.All"]), fic("env", "prod", "repo:contoso/app:environment:prod")), federatedTrust)).toEqual([]);
  });
});

describe("key-vault-network", () => {
  const vault = (name: string, extra: Record<string, unknown>) => new keyvault.Vault(name, {
    resourceGroupName: "rg", properties: { tenantId: "t", sku: { family: "A", name: "standard" }, ...extra },
  });

  it("advises on a vault open to every network", async () => {
    const result = findings(await registered(vault("kv-open", {})), keyVaultNetwork);
    expect(result.map((f) => f.enforcement)).toEqual(["advisory"]);
  });

  it("passes a vault with deny-by-default network rules, or with public access disabled", async () => {
    const resources = await registered(vault("kv-acl", { networkAcls: { defaultAction: "Deny" } }), vault("kv-private", { publicNetworkAccess: "Disabled" }));
    expect(findings(resources, keyVaultNetwork)).toEqual([]);
  });
});

describe("granular waivers", () => {
  const base = { reason: "Migration to PIM-for-groups API (SEC-42)", approvedBy: "security-team@contoso.com", expires: "2026-12-31" };
  const twoTier0 = () => workload("escalator", app("escalator", ["PrivilegedAccess.ReadWrite.AzureADGroup", "RoleManagementPolicy.ReadWrite.Directory"]));

  it("a waiver naming one tier-0 permission downgrades exactly that finding; the other stays mandatory", async () => {
    const waivers: Waiver[] = [{ rule: "privileged-graph-permission", workload: "escalator", item: "PrivilegedAccess.ReadWrite.AzureADGroup", ...base }];
    const result = findings(await twoTier0(), privilegedGraphPermission, { waivers });
    expect(result.map((f) => [f.item, f.enforcement, f.waiver])).toEqual([
      ["PrivilegedAccess.ReadWrite.AzureADGroup", "advisory", "privileged-graph-permission:escalator/PrivilegedAccess.ReadWrite.AzureADGroup"],
      ["RoleManagementPolicy.ReadWrite.Directory", "mandatory", undefined],
    ]);
  });

  it("a waiver naming the workload without an item covers every finding of the rule on it", async () => {
    const result = findings(await twoTier0(), privilegedGraphPermission, { waivers: [{ rule: "privileged-graph-permission", workload: "escalator", ...base }] });
    expect(result.map((f) => f.enforcement)).toEqual(["advisory", "advisory"]);
  });

  it("holds only in the stacks it lists", async () => {
    const waivers: Waiver[] = [{ rule: "privileged-graph-permission", workload: "escalator", stacks: ["prod"], ...base }];
    expect(findings(await twoTier0(), privilegedGraphPermission, { waivers }).map((f) => f.enforcement)).toEqual(["mandatory", "mandatory"]);
    const here: Waiver[] = [{ ...waivers[0], stacks: ["test"] }];
    expect(findings(await twoTier0(), privilegedGraphPermission, { waivers: here }).map((f) => f.enforcement)).toEqual(["advisory", "advisory"]);
  });

  it("an expired item waiver leaves its finding mandatory and names the waiver", async () => {
    const waivers: Waiver[] = [{ rule: "privileged-graph-permission", workload: "escalator", item: "PrivilegedAccess.ReadWrite.AzureADGroup", ...base, expires: "2026-01-01" }];
    const [first] = findings(await twoTier0(), privilegedGraphPermission, { waivers });
    expect(first.enforcement).toBe("mandatory");
    expect(first.message).toContain("expired on 2026-01-01");
    expect(first.message).toContain("PrivilegedAccess.ReadWrite.AzureADGroup");
  });

  it("parses the workload / item / stacks form, and rejects an entry naming both workload and resource, or an item without a workload", () => {
    const ok = parseWaivers([
      "waivers:",
      "  - rule: privileged-graph-permission",
      "    workload: escalator",
      "    item: PrivilegedAccess.ReadWrite.AzureADGroup",
      "    stacks: [prod]",
      "    reason: r",
      "    approvedBy: a",
      "    expires: 2026-12-31",
    ].join("\n"));
    expect(ok).toEqual([{ rule: "privileged-graph-permission", workload: "escalator", item: "PrivilegedAccess.ReadWrite.AzureADGroup", stacks: ["prod"], reason: "r", approvedBy: "a", expires: "2026-12-31" }]);
    const bad = [
      "waivers:",
      "  - { rule: secret-lifetime, workload: a, resource: a-secret-blue, reason: r, approvedBy: a, expires: 2026-12-31 }",
      "  - { rule: secret-lifetime, item: a-secret-blue, resource: a-secret-blue, reason: r, approvedBy: a, expires: 2026-12-31 }",
    ].join("\n");
    expect(() => parseWaivers(bad)).toThrow(WaiverFileError);
    try {
      parseWaivers(bad);
    } catch (e) {
      expect((e as WaiverFileError).problems).toEqual([
        "waivers[0]: must name either workload (with an optional item) or resource (a logical name or URN), not both and not neither",
        "waivers[1].item: item narrows a workload waiver: add workload",
      ]);
    }
  });
});

describe("role assignment items", () => {
  it("names the role@scope as the item, and a waiver naming it covers that assignment only", async () => {
    const owner = (name: string, rg: string) => new authorization.RoleAssignment(name, {
      principalId: "p", principalType: "ServicePrincipal", roleDefinitionId: roleDefinitionId("Owner"), scope: `${SUBSCRIPTION}/resourceGroups/${rg}`,
    });
    const resources = await workload("ops", owner("ops-ra-owner-1", "rg-a"), owner("ops-ra-owner-2", "rg-b"));
    const item = `Owner@${SUBSCRIPTION}/resourceGroups/rg-a`;
    const waivers: Waiver[] = [{ rule: "privileged-role-assignment", workload: "ops", item, reason: "break-glass", approvedBy: "sec", expires: "2026-12-31" }];
    const result = findings(resources, privilegedRoleAssignment, { waivers });
    expect(result.map((f) => [f.item, f.enforcement])).toEqual([[item, "advisory"], [`Owner@${SUBSCRIPTION}/resourceGroups/rg-b`, "mandatory"]]);
    expect(result[1].message).toMatch(/^workload "ops": Assigns the privileged role "Owner"/);
  });
});
