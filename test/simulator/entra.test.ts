import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { isGuid } from "../../components/catalog";
import { NOW, registrationError, simulate, valueOf } from "./harness";

const inDays = (days: number): string => new Date(NOW.getTime() + days * 86_400_000).toISOString();

describe("applications and service principals", () => {
  it("gives an application deterministic GUID object and client ids and the /applications/{objectId} id", async () => {
    await simulate();
    const app = new azuread.Application("graph-daemon-app", { displayName: "graph-daemon" });
    const [id, objectId, clientId, displayName] = await Promise.all([
      valueOf(app.id), valueOf(app.objectId), valueOf(app.clientId), valueOf(app.displayName),
    ]);
    expect(isGuid(objectId)).toBe(true);
    expect(isGuid(clientId)).toBe(true);
    expect(clientId).not.toBe(objectId);
    expect(id).toBe(`/applications/${objectId}`);
    expect(displayName).toBe("graph-daemon");

    await simulate();
    const again = new azuread.Application("graph-daemon-app", { displayName: "graph-daemon" });
    expect(await valueOf(again.clientId)).toBe(clientId);
  });

  it("gives the service principal its own object id, echoing the client id, and the app's display name", async () => {
    await simulate();
    const app = new azuread.Application("law-reader-app", { displayName: "law-reader" });
    const sp = new azuread.ServicePrincipal("law-reader-sp", { clientId: app.clientId });
    const [spId, spObjectId, spClientId, appClientId, appObjectId, spName] = await Promise.all([
      valueOf(sp.id), valueOf(sp.objectId), valueOf(sp.clientId), valueOf(app.clientId), valueOf(app.objectId), valueOf(sp.displayName),
    ]);
    expect(spClientId).toBe(appClientId);
    expect(spObjectId).not.toBe(appObjectId);
    expect(spId).toBe(`/servicePrincipals/${spObjectId}`);
    expect(spName).toBe("law-reader");
  });

  it("refuses an application display name over Graph's documented 256 characters, and accepts 256", async () => {
    await simulate();
    const app = new azuread.Application("long-name-app", { displayName: "x".repeat(257) });
    const error = await registrationError(app);
    expect(error).toMatch(/Request_BadRequest: Invalid value specified for property 'displayName' of resource 'Application'/);
    expect(error).toContain('resource "long-name-app"');
    expect(error).toMatch(/Fix: shorten displayName to at most 256 characters \(it has 257\)/);

    await simulate();
    const longest = new azuread.Application("longest-name-app", { displayName: "x".repeat(256) });
    const sp = new azuread.ServicePrincipal("longest-name-sp", { clientId: longest.clientId });
    expect(await valueOf(sp.displayName)).toHaveLength(256);
  });

  it.each([
    ["http://pat.contoso.com/getAToken", false],
    ["ftp://pat.contoso.com/", false],
    ["https://pat.contoso.com", false],
    ["https://pat.contoso.com/getAToken", true],
    ["http://localhost:5000/signin-oidc", true],
  ])("redirect URI %s is accepted: %s (the shared rule, components/redirect-uri.ts)", async (uri, accepted) => {
    await simulate();
    const app = new azuread.Application(`redirect-${accepted ? "ok" : "bad"}-${uri.length}`, {
      displayName: "pat-manager",
      web: { redirectUris: [uri] },
    });
    if (accepted) {
      expect(await valueOf(app.web)).toMatchObject({ redirectUris: [uri] });
    } else {
      const error = await registrationError(app);
      expect(error).toMatch(/^.*Request_BadRequest: Invalid value specified for property 'web\.redirectUris'/);
      expect(error).toContain(`web.redirectUris[0]: "${uri}"`);
    }
  });

  it("judges single-page-app and public-client redirect URIs too", async () => {
    await simulate();
    const spa = new azuread.Application("spa-custom-scheme", { displayName: "spa", singlePageApplication: { redirectUris: ["msal://auth"] } });
    expect(await registrationError(spa)).toMatch(/property 'spa\.redirectUris'.*singlePageApplication\.redirectUris\[0\]: "msal:\/\/auth" uses the msal: scheme/);
    await simulate();
    const desktop = new azuread.Application("desktop-app", { displayName: "desktop", publicClient: { redirectUris: ["msalabc://auth"] } });
    expect(await valueOf(desktop.publicClient)).toMatchObject({ redirectUris: ["msalabc://auth"] });
  });
});

describe("credentials", () => {
  it("returns a fake, deterministic client secret that stays a Pulumi secret, with the requested end date", async () => {
    await simulate();
    const app = new azuread.Application("law-reader-app", { displayName: "law-reader" });
    const password = new azuread.ApplicationPassword("law-reader-secret-blue", { applicationId: app.id, endDate: inDays(90) });
    const [value, keyId, endDate, startDate, id, appObjectId] = await Promise.all([
      valueOf(password.value), valueOf(password.keyId), valueOf(password.endDate), valueOf(password.startDate), valueOf(password.id), valueOf(app.objectId),
    ]);
    expect(await pulumi.isSecret(password.value)).toBe(true);
    expect(value).toMatch(/^sim8Q~[A-Za-z0-9._~-]{34}$/);
    expect(isGuid(keyId)).toBe(true);
    expect(endDate).toBe(inDays(90));
    expect(startDate).toBe(NOW.toISOString());
    expect(id).toBe(`/applications/${appObjectId}/password/${keyId}`);
  });

  it("refuses a password whose end date has passed: Graph answers 'Key credential end date is invalid.'", async () => {
    await simulate();
    const app = new azuread.Application("expired-app", { displayName: "expired" });
    const password = new azuread.ApplicationPassword("expired-secret", { applicationId: app.id, endDate: inDays(-1) });
    const error = await registrationError(password);
    expect(error).toMatch(/Request_BadRequest: Key credential end date is invalid\./);
    expect(error).toContain('resource "expired-secret"');
    expect(error).toContain("is not after now (2026-03-01T00:00:00.000Z)");
  });

  it("refuses a certificate credential that has already expired", async () => {
    await simulate();
    const app = new azuread.Application("cert-app", { displayName: "graph-daemon" });
    const cert = new azuread.ApplicationCertificate("graph-daemon-cert", {
      applicationId: app.id, type: "AsymmetricX509Cert", value: "-----BEGIN CERTIFICATE-----", endDate: inDays(-30),
    });
    expect(await registrationError(cert)).toMatch(/Request_BadRequest: Key credential end date is invalid\./);
  });

  it("accepts a certificate valid in the future and reports its key id and dates", async () => {
    await simulate();
    const app = new azuread.Application("cert-ok-app", { displayName: "graph-daemon" });
    const cert = new azuread.ApplicationCertificate("graph-daemon-cert-ok", {
      applicationId: app.id, type: "AsymmetricX509Cert", value: "-----BEGIN CERTIFICATE-----", endDate: inDays(180),
    });
    const [keyId, endDate] = await Promise.all([valueOf(cert.keyId), valueOf(cert.endDate)]);
    expect(isGuid(keyId)).toBe(true);
    expect(endDate).toBe(inDays(180));
  });

  it("refuses the 21st federated credential on one application", async () => {
    await simulate();
    const app = new azuread.Application("deploy-pipeline-app", { displayName: "deploy-pipeline" });
    const credentials = Array.from({ length: 21 }, (_, i) => new azuread.ApplicationFederatedIdentityCredential(`deploy-pipeline-fic-${i}`, {
      applicationId: app.id,
      displayName: `env-${i}`,
      audiences: ["api://AzureADTokenExchange"],
      issuer: "https://token.actions.githubusercontent.com",
      subject: `repo:contoso/platform:environment:env-${i}`,
    }));
    const ids = await Promise.all(credentials.slice(0, 20).map((c) => valueOf(c.credentialId)));
    expect(ids.every(isGuid)).toBe(true);
    const error = await registrationError(credentials[20]);
    expect(error).toMatch(/Request_BadRequest: A maximum of 20 federated identity credentials can be added/);
    expect(error).toContain('resource "deploy-pipeline-fic-20"');
  });
});
