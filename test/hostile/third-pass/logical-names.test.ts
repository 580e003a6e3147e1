/**
 * Issue 12, class "two workloads can yield the same logical name", third pass: collisions inside one workload and
 * between the names of what it asks for (roles, sign-in assignments, consented APIs and permissions), and Azure
 * names the manifest alone shows to collide (display names, an app role and a scope of one value). Each must be
 * exit 2 naming both entries; and whatever the checks miss, no plan may keep one of two resources of one URN.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as azuread from "@pulumi/azuread";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { parseManifest } from "../../../stacks/manifest";
import { mergeRuns } from "../../../preview/plan/merge";
import { duplicateUrnMessage, engineUrn } from "../../../model/urn";
import { runCommand } from "../../support/cli";
import { simulateComponents } from "../../components/harness";

const VAULT = { name: "kv-app", resourceGroupName: "rg-app", create: true };
const SUB = "/subscriptions/00000000-0000-0000-0000-000000000000";
const USER = "6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";
const cert = { credentials: [{ type: "certificate" }] };
const manifest = (workloads: Record<string, unknown>, stack = "dev") =>
  parseManifest({ keyVault: VAULT, workloads }, { location: "westeurope", stack });

/** The problems at `path`, as messages. */
const at = (result: ReturnType<typeof manifest>, path: string) => result.errors.filter((e) => e.path === path).map((e) => e.message);

describe("role assignments of one workload whose logical names collide", () => {
  it.each([
    ["Azure Kubernetes Fleet Manager RBAC Cluster Admin", "Azure Kubernetes Fleet Manager RBAC Cluster Reader"],
    ["Azure Kubernetes Fleet Manager RBAC Admin", "Azure Kubernetes Fleet Manager RBAC Admin for Member Clusters"],
    ["Azure Center for SAP solutions service role", "Azure Center for SAP solutions Service role for management"],
    ["Azure Kubernetes Service Hybrid Cluster Admin Role", "Azure Kubernetes Service Hybrid Cluster User Role"],
  ])("%s beside %s on one scope is exit 2 naming both", (a, b) => {
    const scope = `${SUB}/resourceGroups/rg-aks`;
    const result = manifest({ fleet: { ...cert, roles: [{ role: a, scope }, { role: b, scope: `${scope}/` }] } });
    expect(at(result, "workloads.fleet.roles[1]")).toEqual([expect.stringMatching(new RegExp(`^${b} and roles\\[0\\] \\(${a}\\) would get one Pulumi logical name \\("fleet-ra-`))]);
  });

  it("the same role on two scopes whose 8-digit hashes agree (found by trying resource group names) is exit 2", () => {
    // sha256 of the two lower-cased scopes starts with 5f26ba06 for both (model/slug.ts shortHash).
    const result = manifest({ w: { ...cert, roles: [{ role: "Reader", scope: `${SUB}/resourceGroups/rg-2983` }, { role: "Reader", scope: `${SUB}/resourceGroups/RG-70620` }] } });
    expect(at(result, "workloads.w.roles[1]")).toEqual([expect.stringContaining('"w-ra-reader-5f26ba06"')]);
  });

  it("keeps apart what does not collide: the Fleet Manager roles on two scopes, two Key Vault roles on one", () => {
    const rg = `${SUB}/resourceGroups/rg-aks`;
    expect(manifest({ w: { ...cert, roles: [
      { role: "Azure Kubernetes Fleet Manager RBAC Cluster Admin", scope: rg },
      { role: "Azure Kubernetes Fleet Manager RBAC Cluster Reader", scope: `${rg}/providers/Microsoft.ContainerService/fleets/f1` },
      { role: "Key Vault Secrets User", scope: rg },
      { role: "Key Vault Secrets Officer", scope: rg },
    ] } }).errors).toEqual([]);
  });
});

describe("sign-in assignments whose logical names collide", () => {
  const web = (roles: string[], assignments: { objectId: string; role: string }[]) => ({
    ...cert,
    web: { redirectUris: ["https://app.contoso.com/auth"], assignments: assignments.map((a) => ({ ...a, type: "User" })) },
    expose: { appRoles: roles.map((value) => ({ value, displayName: value, allowedMemberTypes: ["User"] })) },
  });
  it.each([["Admin", "admin"], ["Orders.Read", "Orders_Read"], ["a.b", "a:b"]])("roles %s and %s for one user are exit 2", (a, b) => {
    const result = manifest({ portal: web([a, b], [{ objectId: USER, role: a }, { objectId: USER.toUpperCase(), role: b }]) });
    expect(at(result, "workloads.portal.web.assignments[1].role")).toEqual([expect.stringContaining(`app role "${b}" and web.assignments[0]'s role "${a}"`)]);
  });

  it("the same two roles for two users are fine", () => {
    expect(manifest({ portal: web(["Admin", "admin"], [{ objectId: USER, role: "Admin" }, { objectId: "11111111-2222-4333-8444-555555555555", role: "admin" }]) }).errors).toEqual([]);
  });
});

describe("consent as code whose logical names collide", () => {
  const api = (roles: string[], scopes: string[] = []) => ({
    ...cert,
    expose: {
      appRoles: roles.map((value) => ({ value, displayName: value, allowedMemberTypes: ["Application"] })),
      scopes: scopes.map((value) => ({ value, adminConsentDisplayName: value, adminConsentDescription: value })),
    },
  });
  it("a workload named microsoft-graph beside Microsoft Graph, one permission of each", () => {
    const result = manifest({
      "microsoft-graph": api(["User.Read.All"]),
      client: { ...cert, apiPermissions: [{ api: "Microsoft Graph", application: ["User.Read.All"], adminConsent: true }, { api: "microsoft-graph", application: ["User.Read.All"], adminConsent: true }] },
    });
    expect(at(result, "workloads.client.apiPermissions[1].application[0]")).toEqual([expect.stringContaining('"client-consent-microsoft-graph-user-read-all"')]);
  });

  it("a workload named microsoft-graph beside Microsoft Graph, delegated scopes of each", () => {
    const result = manifest({
      "microsoft-graph": api([], ["Files.Read"]),
      client: { ...cert, web: { redirectUris: ["https://c.contoso.com/a"] }, apiPermissions: [{ api: "Microsoft Graph", delegated: ["User.Read"], adminConsent: true }, { api: "microsoft-graph", delegated: ["Files.Read"], adminConsent: true }] },
    });
    expect(at(result, "workloads.client.apiPermissions[1].delegated")).toEqual([expect.stringContaining('"client-consent-microsoft-graph-delegated"')]);
  });

  it.each([["Orders.Read", "Orders_Read"], ["Orders.Read", "orders.read"]])("app roles %s and %s of a workload's API, both consented", (a, b) => {
    const result = manifest({ orders: api([a, b]), client: { ...cert, apiPermissions: [{ api: "orders", application: [a, b], adminConsent: true }] } });
    expect(at(result, "workloads.client.apiPermissions[0].application[1]")).toEqual([expect.stringContaining('"client-consent-orders-orders-read"')]);
  });

  it("permissions of an API the catalog does not know that differ in case", () => {
    const appId = "1b3c5d7e-0000-4000-8000-000000000001";
    const result = manifest({ client: { ...cert, apiPermissions: [{ api: appId, application: ["Data.Read", "data.read"], adminConsent: true }] } });
    expect(at(result, "workloads.client.apiPermissions[0].application[1]")).toEqual([expect.stringContaining(`"client-consent-${appId}-data-read"`)]);
  });

  it("the same names without consent as code make no resource, and are fine", () => {
    expect(manifest({ orders: api(["Orders.Read", "Orders_Read"]), client: { ...cert, apiPermissions: [{ api: "orders", application: ["Orders.Read", "Orders_Read"], adminConsent: false }] } }).errors).toEqual([]);
  });
});

describe("Azure names the manifest shows to collide", () => {
  it("two applications with one display name: given twice, or given as another's <workload>-<stack>", () => {
    const result = manifest({ a: { ...cert, displayName: "Orders" }, b: { ...cert, displayName: "Orders" }, orders: cert, c: { ...cert, displayName: "orders-dev" } });
    expect(at(result, "workloads.b.displayName")).toEqual([expect.stringContaining('"Orders" is already workloads.a\'s')]);
    expect(at(result, "workloads.c.displayName")).toEqual([expect.stringContaining('"orders-dev" is already workloads.orders\'s')]);
  });

  it("display names differing in letter case, and a managed identity's name, are fine", () => {
    expect(manifest({ a: { ...cert, displayName: "Orders" }, b: { ...cert, displayName: "orders" }, orders: { type: "managedIdentity", resourceGroupName: "rg" }, x: { ...cert, displayName: "orders-dev" } }).errors).toEqual([]);
  });

  it("an app role and a scope of one value (the provider's CustomizeDiff refuses them)", () => {
    const result = manifest({ api: { ...cert, expose: {
      appRoles: [{ value: "Orders.Read", displayName: "Read", allowedMemberTypes: ["Application"] }],
      scopes: [{ value: "Orders.Read", adminConsentDisplayName: "Read", adminConsentDescription: "Read" }],
    } } });
    expect(at(result, "workloads.api.expose.scopes[0].value")).toEqual([expect.stringContaining("is already the value of appRoles[0]")]);
  });
});

describe("through the CLI, below and above 125 workloads", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "hostile3-names-"));
  const write = (name: string, workloads: Record<string, unknown>): string => {
    const file = path.join(dir, `Pulumi.${name}.yaml`);
    writeFileSync(file, stringify({ config: {
      "azure-native:location": "westeurope", "entra-workloads:keyVault": VAULT, "entra-workloads:workloads": workloads,
    } }));
    return file;
  };
  const colliding = {
    fleet: { type: "managedIdentity", resourceGroupName: "rg", roles: [
      { role: "Azure Kubernetes Fleet Manager RBAC Cluster Admin", scope: `${SUB}/resourceGroups/rg-aks` },
      { role: "Azure Kubernetes Fleet Manager RBAC Cluster Writer", scope: `${SUB}/resourceGroups/rg-aks` },
    ] },
    a: { ...cert, displayName: "same" },
    b: { ...cert, displayName: "same" },
  };
  const expected = [
    "workloads.fleet.roles[1]: Azure Kubernetes Fleet Manager RBAC Cluster Writer and roles[0]",
    "workloads.b.displayName: the application's display name \"same\" is already workloads.a's",
  ];
  it.each([["unsharded", 0], ["sharded", 130]])("%s: exit 2, both problems, nothing written", async (_how, padding) => {
    const pad = Object.fromEntries(Array.from({ length: padding }, (_, i) => [`pad-${i}`, { type: "managedIdentity", resourceGroupName: "rg-pad" }]));
    const out = path.join(dir, `out-${padding}`);
    const result = await runCommand("plan", ["--stack-file", write(`s${padding}`, { ...pad, ...colliding }), "--out", out]);
    expect(result.code).toBe(2);
    for (const line of expected) expect(result.stderr).toContain(line);
    expect(result.stderr).toContain("2 problem(s)");
    expect(result.stdout + result.stderr).not.toMatch(/Duplicate resource URN|RoleAssignmentUpdateNotPermitted/);
  }, 60_000);
});

describe("no plan keeps one of two resources of one URN", () => {
  it("the offline monitor refuses a second registration of a URN, as the engine does", async () => {
    const declared = await simulateComponents();
    // The refused registration rejects the resource's outputs, which nobody awaits (run-program.ts swallows them too).
    const swallow = (): void => undefined;
    process.on("unhandledRejection", swallow);
    new azuread.ApplicationPassword("twice", { applicationId: "/applications/00000000-0000-0000-0000-000000000001" });
    new azuread.ApplicationPassword("twice", { applicationId: "/applications/00000000-0000-0000-0000-000000000002" });
    await declared.settled();
    await new Promise((resolve) => setImmediate(resolve));
    process.off("unhandledRejection", swallow);
    expect(declared.monitor.captured.filter((r) => r.name === "twice")).toHaveLength(1);
    expect(declared.monitor.failures).toEqual([expect.objectContaining({ name: "twice", message: expect.stringMatching(/^Duplicate resource URN 'urn:pulumi:test::entra-workloads::azuread:index\/applicationPassword:ApplicationPassword::twice'/) as string })]);
  });

  it("merging shards refuses a workload's URN registered by two shards, and keeps the shared ones", () => {
    const urn = (parent: string | undefined, type: string, name: string) => engineUrn("dev", "entra-workloads", parent, type, name);
    const workload = urn(undefined, "entra-workloads:index:Workload", "x");
    const resource = (u: string) => ({ urn: u, type: "t", name: u.split("::").pop() ?? "", custom: true, dependsOn: [], inputs: {} });
    const shared = resource(urn(urn(undefined, "entra-workloads:index:WorkloadVault", "key-vault"), "azure-native:keyvault:Vault", "key-vault-vault"));
    const owned = resource(urn(workload, "azure-native:keyvault:Secret", "x-kv-client-id"));
    const merged = mergeRuns([{ resources: [shared, owned], failures: [], outputs: {} }, { resources: [shared, owned], failures: [], outputs: {} }]);
    expect(merged.failures).toEqual([{ type: "t", name: "x-kv-client-id", message: duplicateUrnMessage(owned.urn) }]);
    expect(mergeRuns([{ resources: [shared], failures: [], outputs: {} }, { resources: [shared, owned], failures: [], outputs: {} }]).failures).toEqual([]);
  });
});
