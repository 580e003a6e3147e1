import * as keyvault from "@pulumi/azure-native/keyvault";
import type * as inputs from "@pulumi/azure-native/types/input";
import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { certificateLifetime, keyVaultHardening, keyVaultSecretExpiry, secretLifetime } from "../../policies/rules";
import { daysFromNow, findings, installMocks, NOW, registered } from "./harness";

const APP = "/applications/00000000-0000-4000-8000-0000000000aa";

const password = (name: string, args: Partial<azuread.ApplicationPasswordArgs> = {}) =>
  new azuread.ApplicationPassword(name, { applicationId: APP, displayName: name, ...args });

const certificate = (name: string, args: Partial<azuread.ApplicationCertificateArgs> = {}) =>
  new azuread.ApplicationCertificate(name, { applicationId: APP, type: "AsymmetricX509Cert", value: "-----BEGIN CERTIFICATE-----placeholder", ...args });

beforeAll(() => installMocks());

describe("secret-lifetime", () => {
  it("passes a 90-day secret", async () => {
    const resources = await registered(password("law-reader-secret-blue", { endDate: daysFromNow(90) }));
    expect(findings(resources, secretLifetime)).toEqual([]);
  });

  it("refuses a 2-year secret, measured from the evaluation time", async () => {
    const resources = await registered(password("legacy-secret", { endDate: daysFromNow(730) }));
    const result = findings(resources, secretLifetime);
    expect(result).toEqual([expect.objectContaining({ policy: "secret-lifetime", enforcement: "mandatory" })]);
    expect(result[0].message).toContain("730 days");
    expect(result[0].message).toContain("maxSecretLifetimeDays 180");
  });

  it("refuses a secret without an end date", async () => {
    const resources = await registered(password("forever-secret"));
    expect(findings(resources, secretLifetime)[0].message).toContain("no end date");
  });

  it("measures from startDate when one is given", async () => {
    const start = daysFromNow(400);
    const resources = await registered(password("future-secret", { startDate: start, endDate: daysFromNow(500) }));
    expect(findings(resources, secretLifetime)).toEqual([]);
  });

  it("reads endDateRelative", async () => {
    const resources = await registered(password("relative-secret", { endDateRelative: "8760h" }));
    expect(findings(resources, secretLifetime)[0].message).toContain("365 days");
  });

  it("takes maxSecretLifetimeDays from the pack config", async () => {
    const resources = await registered(password("config-secret", { endDate: daysFromNow(120) }));
    expect(findings(resources, secretLifetime)).toEqual([]);
    const strict = findings(resources, secretLifetime, { config: { "secret-lifetime": { maxSecretLifetimeDays: 90 } } });
    expect(strict.map((f) => f.message)).toEqual([expect.stringContaining("maxSecretLifetimeDays 90")]);
  });

  it("judges against the evaluation time it is given", async () => {
    const resources = await registered(password("clock-secret", { endDate: daysFromNow(170) }));
    const earlier = new Date(NOW.getTime() - 30 * 86_400_000);
    expect(findings(resources, secretLifetime)).toEqual([]);
    expect(findings(resources, secretLifetime, { now: earlier })).toHaveLength(1);
  });
});

describe("certificate-lifetime", () => {
  it("passes a 180-day certificate", async () => {
    const resources = await registered(certificate("graph-daemon-cert", { endDate: daysFromNow(180) }));
    expect(findings(resources, certificateLifetime)).toEqual([]);
  });

  it("refuses a certificate valid for 3 years", async () => {
    const resources = await registered(certificate("long-cert", { startDate: NOW.toISOString(), endDate: daysFromNow(1095) }));
    const result = findings(resources, certificateLifetime);
    expect(result).toEqual([expect.objectContaining({ policy: "certificate-lifetime", enforcement: "mandatory" })]);
    expect(result[0].message).toContain("maxCertificateLifetimeDays 365");
  });

  it("takes maxCertificateLifetimeDays from the pack config", async () => {
    const resources = await registered(certificate("config-cert", { endDate: daysFromNow(300) }));
    const config = { "certificate-lifetime": { maxCertificateLifetimeDays: 200 } };
    expect(findings(resources, certificateLifetime, { config })).toHaveLength(1);
  });

  it("stays quiet when the end follows a certificate it cannot read offline", async () => {
    const resources = await registered(certificate("opaque-cert"));
    expect(findings(resources, certificateLifetime)).toEqual([]);
  });
});
const TENANT = "00000000-0000-4000-8000-0000000000bb";

function vault(name: string, properties: Partial<inputs.keyvault.VaultPropertiesArgs> = {}) {
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

  it("keeps its own 90-day threshold (an 89-day vault is flagged), which the pack config may change", async () => {
    const resources = await registered(vault("kv-89", { softDeleteRetentionInDays: 89 }));
    expect(findings(resources, keyVaultHardening).map((f) => f.message)).toEqual([expect.stringContaining("89 days, under 90 days")]);
    const relaxed = findings(resources, keyVaultHardening, { config: { "key-vault-hardening": { minSoftDeleteRetentionDays: 30 } } });
    expect(relaxed).toEqual([]);
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

  it("refuses a secret that holds no credential without expires too (Defender and CIS flag every secret)", async () => {
    const resources = await registered(secret("config-kv-secret", "law-reader-client-id"));
    const result = findings(resources, keyVaultSecretExpiry);
    expect(result).toEqual([expect.objectContaining({ policy: "key-vault-secret-expiry", enforcement: "mandatory" })]);
    expect(result[0].message).toContain("Key Vault secrets should have an expiration date");
  });

  it("passes an identifier with expires", async () => {
    const resources = await registered(secret("id-kv-secret", "law-reader-client-id", inNinetyDays));
    expect(findings(resources, keyVaultSecretExpiry)).toEqual([]);
  });
});
