import * as azuread from "@pulumi/azuread";
import { describe, expect, it } from "vitest";
import { Certificate } from "../../components/certificate";
import { nextRotation } from "../../model/rotation";
import { isSecret, NOW, plainInputs, simulateComponents, valueOf } from "./harness";

describe("Certificate", () => {
  it("declares per slot an RSA 3072 key, a self-signed certificate and the application's certificate, ending with the member", async () => {
    const t = await simulateComponents();
    const app = new azuread.Application("graph-daemon-app", { displayName: "graph-daemon-test" });
    const cert = new Certificate("graph-daemon-cert", { applicationId: app.id, commonName: "graph-daemon-test", lifetimeDays: 180, rotateAfterDays: 60, now: () => NOW });
    const [urn, appId] = await Promise.all([valueOf(cert.urn), valueOf(app.id), valueOf(cert.members)]);
    await t.settled();

    const children = t.childrenOf(urn);
    expect(children.map((c) => c.name).sort()).toEqual([
      "graph-daemon-cert-blue", "graph-daemon-cert-blue-cert", "graph-daemon-cert-blue-key",
      "graph-daemon-cert-green", "graph-daemon-cert-green-cert", "graph-daemon-cert-green-key",
    ]);
    const byName = Object.fromEntries(children.map((c) => [c.name, plainInputs(c)]));
    const plan = nextRotation(undefined, NOW, { lifetimeDays: 180, rotateAfterDays: 60 });
    for (const m of plan.members) {
      expect(byName[`graph-daemon-cert-${m.slot}-key`]).toEqual({ algorithm: "RSA", rsaBits: 3072 });
      expect(byName[`graph-daemon-cert-${m.slot}-cert`]).toMatchObject({
        subject: { commonName: "graph-daemon-test" },
        validityPeriodHours: 180 * 24,
        allowedUses: ["digital_signature", "key_encipherment"],
      });
      expect(byName[`graph-daemon-cert-${m.slot}`]).toMatchObject({ applicationId: appId, type: "AsymmetricX509Cert", encoding: "pem", endDate: m.endDate });
    }
    // Each certificate signs with its own slot's key, and the application's certificate is that certificate.
    const deps = Object.fromEntries(children.map((c) => [c.name, c.dependsOn]));
    const urnOf = (name: string) => children.find((c) => c.name === name)?.urn;
    expect(deps["graph-daemon-cert-blue-cert"]).toContain(urnOf("graph-daemon-cert-blue-key"));
    expect(deps["graph-daemon-cert-blue"]).toContain(urnOf("graph-daemon-cert-blue-cert"));
  });

  it("gives Key Vault the newest member's key and certificate as one PEM, a Pulumi secret", async () => {
    await simulateComponents();
    const app = new azuread.Application("pem-app", { displayName: "pem-test" });
    const cert = new Certificate("pem-cert", { applicationId: app.id, commonName: "pem-test", now: () => NOW });
    expect(await isSecret(cert.pem)).toBe(true);
    expect(await valueOf(cert.pem)).toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*-----BEGIN CERTIFICATE-----/);
  });
});
