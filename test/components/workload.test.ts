import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { DirectoryOwners } from "../../components/application";
import { WorkloadVault } from "../../components/key-vault";
import { ResourceServicePrincipals } from "../../components/resource-service-principals";
import { Workload } from "../../components/workload";
import type { TenantId } from "../../model/ids";
import { identifierExpiry } from "../../model/key-vault";
import { parseManifest } from "../../stacks/manifest";
import { NOW, plainInputs, simulateComponents, valueOf } from "./harness";

const OWNER = "6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";
const SCOPE = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-mon";

/** One workload of a manifest, resolved as the program resolves it, declared with the stack's shared parts. */
async function declareWorkload(name: string, settings: Record<string, unknown>) {
  const t = await simulateComponents();
  const parsed = parseManifest(
    { keyVault: { name: "kv-test", resourceGroupName: "rg-identity", create: false }, defaults: { owners: [OWNER] }, workloads: { [name]: settings } },
    { location: "westeurope", stack: "test" },
  );
  const spec = parsed.manifest?.workloads[0];
  if (!spec) throw new Error(parsed.errors.map((e) => `${e.path}: ${e.message}`).join("\n"));
  const tenantId = pulumi.output(t.simulator.tenantId as TenantId);
  const keyVault = new WorkloadVault("key-vault", { name: "kv-test", resourceGroupName: "rg-identity", create: false, tenantId });
  const workload = new Workload(name, {
    spec, keyVault, tenantId, stack: "test", now: () => NOW,
    resourceServicePrincipals: new ResourceServicePrincipals(), owners: new DirectoryOwners(pulumi.output(t.simulator.client.objectId)),
  });
  const [urn, summary] = await Promise.all([valueOf(workload.urn), valueOf(workload.summary)]);
  await t.settled();
  return { t, urn, summary };
}

describe("Workload", () => {
  it("an application with a rotating secret and a role: its parts under it, and its client id, tenant id and newest secret in Key Vault", async () => {
    const { t, urn, summary } = await declareWorkload("law-reader", { credentials: [{ type: "secret" }], roles: [{ role: "Log Analytics Reader", scope: SCOPE }] });
    expect(t.childrenOf(urn).map((c) => `${c.type} ${c.name}`).sort()).toEqual([
      "azure-native:keyvault:Secret law-reader-kv-client-id",
      "azure-native:keyvault:Secret law-reader-kv-client-secret",
      "azure-native:keyvault:Secret law-reader-kv-tenant-id",
      "entra-workloads:index:ClientSecret law-reader-secret",
      "entra-workloads:index:EntraApplication law-reader",
      "entra-workloads:index:RoleAssignments law-reader-ra",
    ]);
    const secret = (n: string) => plainInputs(t.monitor.captured.find((c) => c.name === n) ?? t.monitor.captured[0]);
    const expiry = Math.floor(Date.parse(identifierExpiry(NOW)) / 1000);
    expect(secret("law-reader-kv-client-id")).toMatchObject({ vaultName: "kv-test", secretName: "law-reader-client-id", properties: { value: summary.clientId, attributes: { enabled: true, expires: expiry } } });
    expect(secret("law-reader-kv-tenant-id")).toMatchObject({ secretName: "law-reader-tenant-id", properties: { value: t.simulator.tenantId } });
    const newest = summary.credentials.find((c) => c.newest);
    expect(secret("law-reader-kv-client-secret")).toMatchObject({
      secretName: "law-reader-client-secret",
      properties: { attributes: { expires: Date.parse(newest?.endDate ?? "") / 1000 } },
      tags: { rotatesOn: newest?.rotatesOn, retiresOn: newest?.retiresOn },
    });
    // The credential is a Pulumi secret on its way to Key Vault; the identifiers are not.
    const sent = (n: string) => t.monitor.captured.find((c) => c.name === n)?.inputs.properties;
    expect(JSON.stringify(sent("law-reader-kv-client-secret"))).toContain("1b47061264138c4ac30d75fd1eb44270");
    expect(JSON.stringify(sent("law-reader-kv-client-id"))).not.toContain("1b47061264138c4ac30d75fd1eb44270");
  });

  it("summarizes ids, credentials and access for the stack output, never a secret value", async () => {
    const { summary } = await declareWorkload("graph-daemon", {
      credentials: [{ type: "secret" }], apiPermissions: [{ api: "Microsoft Graph", application: ["User.Read.All"], adminConsent: true }],
    });
    expect(summary).toMatchObject({ name: "graph-daemon", kind: "application" });
    expect([...summary.keyVaultSecrets].sort()).toEqual(["graph-daemon-client-id", "graph-daemon-client-secret", "graph-daemon-tenant-id"]);
    expect(summary.apiPermissions).toEqual([expect.objectContaining({ api: "Microsoft Graph", name: "User.Read.All", kind: "application", adminConsent: true })]);
    expect(summary.credentials.map((c) => [c.name, c.slot])).toEqual([["graph-daemon-secret-blue", "blue"], ["graph-daemon-secret-green", "green"]]);
    expect(JSON.stringify(summary)).not.toMatch(/sim[0-9A-Za-z]{2}~/);
  });

  it("a managed identity: the identity and its client id in Key Vault, no application, no tenant-id secret", async () => {
    const { t, urn, summary } = await declareWorkload("metering", { type: "managedIdentity", resourceGroupName: "rg-saas" });
    expect(t.childrenOf(urn).map((c) => `${c.type} ${c.name}`).sort()).toEqual([
      "azure-native:keyvault:Secret metering-kv-client-id",
      "entra-workloads:index:ManagedIdentity metering",
    ]);
    expect(summary).toMatchObject({ kind: "managedIdentity", credentials: [], keyVaultSecrets: ["metering-client-id"] });
  });
});
