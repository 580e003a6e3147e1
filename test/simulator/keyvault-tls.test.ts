import * as pulumi from "@pulumi/pulumi";
import { Secret, Vault } from "@pulumi/azure-native/keyvault";
import * as tls from "@pulumi/tls";
import { describe, expect, it } from "vitest";
import { WorkloadVault } from "../../components/key-vault";
import { identifierExpiry } from "../../model/key-vault";
import { OWNERS, T, VAULT, ofType, runManifest } from "../support/program";
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

describe("Key Vault names the tenant cannot have", () => {
  it("refuses a name another subscription holds with VaultAlreadyExists, and says how to choose another", async () => {
    const sim = await simulate({ tenant: { unavailableVaultNames: { "KV-Workloads-Dev": "taken" } } });
    const error = await registrationError(vaultNamed("kv-workloads-dev", sim));
    expect(error).toContain("VaultAlreadyExists: The vault name 'kv-workloads-dev' is already in use. Vault names are globally unique");
    expect(error).toContain("set keyVault.name in this stack's file");
    expect(error).toContain("keyVault.create: false");
  });

  it("refuses a soft-deleted name with ConflictError and says to recover it or pick a new name", async () => {
    const sim = await simulate({ tenant: { unavailableVaultNames: { "kv-workloads-dev": "softDeleted" } } });
    const error = await registrationError(vaultNamed("kv-workloads-dev", sim));
    expect(error).toContain("ConflictError: A vault with the same name already exists in deleted state. You need to either recover or purge existing key vault.");
    expect(error).toContain("az keyvault recover --name kv-workloads-dev");
  });

  it("creates a vault whose name is free, and the plan says it assumed the global name free", async () => {
    const sim = await simulate({ tenant: { unavailableVaultNames: { "kv-other": "taken" } } });
    expect(await valueOf(vaultNamed("kv-workloads-dev", sim).name)).toBe("kv-workloads-dev");
    expect(sim.assumptions).toEqual([expect.stringMatching(/^Key Vault name kv-workloads-dev is free/)]);
  });
});

describe("the vault the toolkit creates", () => {
  it("is protected and retained on delete: no pulumi up or destroy deletes it or frees its name", async () => {
    const sim = await simulate();
    const seen: { type: string; protect?: boolean; retainOnDelete?: boolean }[] = [];
    const kv = new WorkloadVault("key-vault", {
      name: "kv-workloads-dev", resourceGroupName: "rg-identity-dev", create: true, location: "westeurope", tenantId: sim.tenantId,
    }, { transformations: [(args) => { seen.push({ type: args.type, protect: args.opts.protect, retainOnDelete: args.opts.retainOnDelete }); return undefined; }] });
    await valueOf(kv.vaultName);
    expect(seen).toContainEqual({ type: "azure-native:keyvault:Vault", protect: true, retainOnDelete: true });
  });
});

describe("identifier secrets' expiry", () => {
  it("lies 275–365 days ahead and moves only every 90 days, so previews in one period agree", () => {
    const day = 86_400_000;
    const at = (iso: string) => Date.parse(identifierExpiry(new Date(iso)));
    for (const now of ["2026-03-01T00:00:00Z", "2026-11-23T12:00:00Z", "2027-06-30T23:59:59Z"]) {
      const ahead = (at(now) - Date.parse(now)) / day;
      expect(ahead).toBeGreaterThan(275);
      expect(ahead).toBeLessThanOrEqual(365);
    }
    expect(identifierExpiry(new Date("2026-03-01T00:00:00Z"))).toBe(identifierExpiry(new Date("2026-03-02T00:00:00Z")));
    expect(identifierExpiry(new Date("2026-03-01T00:00:00Z"))).toMatch(/^\d{4}-\d\d-\d\dT00:00:00Z$/);
  });
});

describe("every secret the toolkit writes", () => {
  it("carries expires: credentials their end date, client id and tenant id the rolling identifier expiry", async () => {
    const now = new Date("2026-11-23T00:00:00Z");
    const run = await runManifest({
      keyVault: VAULT, defaults: OWNERS,
      workloads: {
        daemon: { credentials: [{ type: "secret" }] },
        "orders-api": { type: "managedIdentity", resourceGroupName: "rg-app" },
      },
    }, now);
    expect(run.error, String(run.error)).toBeUndefined();
    const secrets = ofType(run, T.secret);
    const expiries = Object.fromEntries(secrets.map((s): [string, unknown] => [
      typeof s.inputs.secretName === "string" ? s.inputs.secretName : "",
      (s.inputs.properties as { attributes?: { expires?: unknown } } | undefined)?.attributes?.expires,
    ]));
    expect(Object.keys(expiries).sort()).toEqual(["daemon-client-id", "daemon-client-secret", "daemon-tenant-id", "orders-api-client-id"]);
    const identifier = Math.floor(Date.parse(identifierExpiry(now)) / 1000);
    expect(expiries["daemon-client-id"]).toBe(identifier);
    expect(expiries["daemon-tenant-id"]).toBe(identifier);
    expect(expiries["orders-api-client-id"]).toBe(identifier);
    expect(typeof expiries["daemon-client-secret"]).toBe("number");
  });
});
