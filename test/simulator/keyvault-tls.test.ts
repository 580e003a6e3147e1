import * as pulumi from "@pulumi/pulumi";
import { Secret, Vault } from "@pulumi/azure-native/keyvault";
import * as tls from "@pulumi/tls";
import { describe, expect, it } from "vitest";
import { NOW, registrationError, simulate, valueOf } from "./harness";

function vaultNamed(vaultName: string, sim: { tenantId: string }): Vault {
  return new Vault(`vault-${vaultName.length}-${vaultName.replace(/[^a-z0-9]/gi, "")}`, {
    vaultName,
    resourceGroupName: "rg-identity-dev",
    properties: { tenantId: sim.tenantId, sku: { family: "A", name: "standard" }, enableRbacAuthorization: true },
  });
}

describe("Key Vault", () => {
  it("gets the ARM id and the vault URI", async () => {
    const sim = await simulate();
    const vault = vaultNamed("kv-workloads-dev", sim);
    const [id, properties] = await Promise.all([valueOf(vault.id), valueOf(vault.properties)]);
    expect(id).toBe(`/subscriptions/${sim.subscriptionId}/resourceGroups/rg-identity-dev/providers/Microsoft.KeyVault/vaults/kv-workloads-dev`);
    expect(properties.vaultUri).toBe("https://kv-workloads-dev.vault.azure.net/");
  });

  it.each([
    ["kv", "it has 2 characters"],
    ["kv-workloads-development-1", "it has 26 characters"],
    ["1kv-workloads", "it does not begin with a letter"],
    ["kv-workloads-", "it does not end with a letter or digit"],
    ["kv--workloads", "it contains consecutive hyphens"],
    ["kv_workloads", "it contains characters other than letters, digits and hyphens"],
  ])("refuses the vault name %s (%s) with VaultNameNotValid", async (name, why) => {
    const sim = await simulate();
    const error = await registrationError(vaultNamed(name, sim));
    expect(error).toContain(`VaultNameNotValid: The vault name '${name}' is invalid. A vault's name must be between 3-24 alphanumeric characters.`);
    expect(error).toContain(why);
  });

  it("keeps a secret's value secret and returns its URIs", async () => {
    await simulate();
    const secret = new Secret("law-reader-kv-secret", {
      vaultName: "kv-workloads-dev",
      resourceGroupName: "rg-identity-dev",
      secretName: "law-reader-client-secret",
      properties: { value: pulumi.secret("never-shown"), attributes: { expires: NOW.getTime() / 1000 + 90 * 86_400 } },
    });
    const [properties, id] = await Promise.all([valueOf(secret.properties), valueOf(secret.id)]);
    expect(await pulumi.isSecret(secret.properties)).toBe(true);
    expect(properties.secretUri).toBe("https://kv-workloads-dev.vault.azure.net/secrets/law-reader-client-secret");
    expect(id).toMatch(/\/providers\/Microsoft\.KeyVault\/vaults\/kv-workloads-dev\/secrets\/law-reader-client-secret$/);
  });

  it("marks a secret value secret even when it was passed in plain text", async () => {
    await simulate();
    const secret = new Secret("plain-kv-secret", {
      vaultName: "kv-workloads-dev", resourceGroupName: "rg-identity-dev", secretName: "plain", properties: { value: "plain-text" },
    });
    expect(await pulumi.isSecret(secret.properties)).toBe(true);
  });

  it.each(["law_reader.client-secret", "x".repeat(128)])("refuses the secret name %s, never echoing the value", async (secretName) => {
    await simulate();
    const secret = new Secret(`bad-secret-${secretName.length}`, {
      vaultName: "kv-workloads-dev", resourceGroupName: "rg-identity-dev", secretName, properties: { value: pulumi.secret("hunter2-value") },
    });
    const error = await registrationError(secret);
    expect(error).toContain(`BadParameter: The request URI contains an invalid name: ${secretName}`);
    expect(error).not.toContain("hunter2-value");
  });
});

describe("TLS", () => {
  it("returns a fake PEM private key that stays secret, and a public key", async () => {
    await simulate();
    const key = new tls.PrivateKey("graph-daemon-key", { algorithm: "RSA", rsaBits: 4096 });
    const [pem, publicPem] = await Promise.all([valueOf(key.privateKeyPem), valueOf(key.publicKeyPem)]);
    expect(await pulumi.isSecret(key.privateKeyPem)).toBe(true);
    expect(pem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    expect(Buffer.from(pem.split("\n")[1], "base64").toString()).toMatch(/^SIMULATED/);
    expect(publicPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it("issues a certificate valid from now for validityPeriodHours", async () => {
    await simulate();
    const key = new tls.PrivateKey("cert-key", { algorithm: "RSA" });
    const cert = new tls.SelfSignedCert("graph-daemon-cert", {
      privateKeyPem: key.privateKeyPem, allowedUses: ["digital_signature"], validityPeriodHours: 180 * 24, subject: { commonName: "graph-daemon" },
    });
    const [certPem, start, end] = await Promise.all([valueOf(cert.certPem), valueOf(cert.validityStartTime), valueOf(cert.validityEndTime)]);
    expect(certPem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(start).toBe(NOW.toISOString());
    expect(end).toBe(new Date(NOW.getTime() + 180 * 86_400_000).toISOString());
  });
});
