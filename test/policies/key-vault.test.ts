import * as keyvault from "@pulumi/azure-native/keyvault";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { keyVaultHardening, keyVaultSecretExpiry } from "../../policies/rules";
import { findings, installMocks, NOW, registered } from "./harness";

const TENANT = "00000000-0000-4000-8000-0000000000bb";

function vault(name: string, properties: Partial<keyvault.VaultArgs["properties"] & object> = {}) {
  return new keyvault.Vault(name, {
    resourceGroupName: "rg-identity-dev",
    properties: {
      tenantId: TENANT,
      sku: { family: "A", name: "standard" },
      enableRbacAuthorization: true,
      enablePurgeProtection: true,
      softDeleteRetentionInDays: 90,
      ...properties,
    },
  });
}

function secret(name: string, secretName: string, expires?: number, contentType?: string) {
  return new keyvault.Secret(name, {
    resourceGroupName: "rg-identity-dev",
    vaultName: "kv-workloads-dev",
    secretName,
    properties: { value: pulumi.secret("s3cr3t"), contentType, attributes: expires === undefined ? undefined : { expires } },
  });
}

const inNinetyDays = Math.floor(NOW.getTime() / 1000) + 90 * 86_400;

beforeAll(() => installMocks());

describe("key-vault-hardening", () => {
  it("passes a vault with RBAC, purge protection and 90-day soft delete", async () => {
    const resources = await registered(vault("kv-hardened"));
    expect(findings(resources, keyVaultHardening)).toEqual([]);
  });

  it("refuses each missing hardening with its own finding", async () => {
    const resources = await registered(vault("kv-soft", { enableRbacAuthorization: undefined, enablePurgeProtection: false, softDeleteRetentionInDays: 7 }));
    const messages = findings(resources, keyVaultHardening).map((f) => f.message);
    expect(messages).toEqual([
      expect.stringContaining("enableRbacAuthorization: true"),
      expect.stringContaining("enablePurgeProtection: true"),
      expect.stringContaining("7 days"),
    ]);
  });
});

describe("key-vault-secret-expiry", () => {
  it("passes a client secret with an expires attribute", async () => {
    const resources = await registered(secret("law-reader-kv-secret", "law-reader-client-secret", inNinetyDays));
    expect(findings(resources, keyVaultSecretExpiry)).toEqual([]);
  });

  it("refuses a client secret without expires", async () => {
    const resources = await registered(secret("pat-manager-kv-secret", "pat-manager-client-secret"));
    const result = findings(resources, keyVaultSecretExpiry);
    expect(result).toEqual([expect.objectContaining({ policy: "key-vault-secret-expiry", enforcement: "mandatory" })]);
    expect(result[0].message).toContain('"pat-manager-client-secret"');
  });

  it("refuses a certificate without expires, recognised by its name or content type", async () => {
    const resources = await registered(
      secret("graph-daemon-kv-cert", "graph-daemon-certificate"),
      secret("pfx-kv-secret", "graph-daemon-pfx", undefined, "application/x-pkcs12"),
    );
    expect(findings(resources, keyVaultSecretExpiry)).toHaveLength(2);
  });

  it("leaves secrets that hold no credential alone", async () => {
    const resources = await registered(secret("config-kv-secret", "law-reader-workspace-id"));
    expect(findings(resources, keyVaultSecretExpiry)).toEqual([]);
  });
});
