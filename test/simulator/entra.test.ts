import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor, type MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";
import { setMockOptions } from "@pulumi/pulumi/runtime/settings";
import { describe, expect, it, vi } from "vitest";
import { DirectoryOwners, ResourceServicePrincipals } from "../../components";
import { api, expectFound, isGuid, microsoftGraph } from "../../model/catalog";
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
  ])("redirect URI %s is accepted: %s (the shared rule, model/redirect-uri.ts)", async (uri, accepted) => {
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

const USER = "1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
const GROUP = "0b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e";
const graph = microsoftGraph();
const devOps = expectFound(api("Azure DevOps"))!;

describe("owners: users and service principals only (SimulatedTenant.directoryObjects)", () => {
  const tenant = { directoryObjects: [{ objectId: USER, type: "User" as const }, { objectId: GROUP, type: "Group" as const }] };

  it("answers getDirectoryObject with the object's type, and takes an id it does not know for a user, recording the assumption", async () => {
    const simulator = await simulate({ tenant });
    expect((await azuread.getDirectoryObject({ objectId: GROUP })).type).toBe("Group");
    expect((await azuread.getDirectoryObject({ objectId: USER })).type).toBe("User");
    expect(simulator.assumptions).toEqual([]);
    const unknown = "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d";
    const answer = await azuread.getDirectoryObject({ objectId: unknown });
    expect(answer).toMatchObject({ type: "User", id: `/directoryObjects/${unknown}` });
    expect(simulator.assumptions).toEqual([expect.stringContaining(`directory object ${unknown} exists and is a user`)]);
    expect((await azuread.getDirectoryObject({ objectId: simulator.client.objectId })).type).toBe("ServicePrincipal");
  });

  it("refuses a group as owner of an application with Graph's own message", async () => {
    await simulate({ tenant });
    const app = new azuread.Application("team-owned-app", { displayName: "team-owned", owners: [USER, GROUP] });
    const error = await registrationError(app);
    expect(error).toContain(`Request_BadRequest: The reference target 'Group_${GROUP}' of type 'Group' is invalid for the 'owners' reference.`);
    expect(error).toContain(`Fix: owners[1] ${GROUP} is a Group; list users or service principals as owners`);
  });

  it("makes the deployer an owner, first and once, and reports a group naming the workload, the id and the fix", async () => {
    const simulator = await simulate({ tenant });
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const deployer = pulumi.output(simulator.client.objectId);
      const owners = new DirectoryOwners(deployer);
      const listed = await valueOf(owners.forWorkload("law-reader", [USER, simulator.client.objectId.toUpperCase(), USER.toUpperCase()]));
      expect(listed).toEqual([simulator.client.objectId, USER]);
      expect(errors).not.toHaveBeenCalled();
      expect(await valueOf(owners.forWorkload("team-app", [GROUP]))).toEqual([simulator.client.objectId, GROUP]);
      expect(errors).toHaveBeenCalledWith(expect.stringContaining(
        `workloads.team-app.owners: ${GROUP} is a Group; Entra accepts only users and service principals as owners`,
      ));
      expect(String(errors.mock.calls[0][0])).toContain("Fix: list the object ids of the people (or of a service principal) instead of the group");
    } finally {
      errors.mockRestore();
    }
  });
});

describe("first-party service principals a tenant may lack (SimulatedTenant.missingServicePrincipals)", () => {
  it("the data-source look-up fails in a tenant that never used Azure DevOps (what stopped the preview before)", async () => {
    await simulate({ tenant: { missingServicePrincipals: [devOps.appId] } });
    await expect(azuread.getServicePrincipal({ clientId: devOps.appId })).rejects.toThrow(/No service principal found/);
  });

  it("useExisting creates it there, publishing Microsoft's permissions; Microsoft Graph, present, is adopted as is (and the plan says it assumed so)", async () => {
    const sim = await simulate({ tenant: { missingServicePrincipals: [devOps.appId] } });
    const present = await azuread.getServicePrincipal({ clientId: graph.appId });
    const devOpsSp = new azuread.ServicePrincipal("resource-sp-azure-devops", { clientId: devOps.appId, useExisting: true });
    const graphSp = new azuread.ServicePrincipal("resource-sp-microsoft-graph", { clientId: graph.appId, useExisting: true });
    const [devOpsId, scopes, graphId] = await Promise.all([valueOf(devOpsSp.objectId), valueOf(devOpsSp.oauth2PermissionScopeIds), valueOf(graphSp.objectId)]);
    expect(isGuid(devOpsId)).toBe(true);
    expect(scopes).toEqual({ user_impersonation: expect.any(String) });
    expect(graphId).toBe(present.objectId);
    expect((await azuread.getServicePrincipal({ clientId: devOps.appId })).objectId).toBe(devOpsId);
    expect(sim.assumptions).toEqual([expect.stringMatching(/^the tenant already has the service principal of Microsoft Graph/)]);
  });

  it("refuses a second service principal for an app id without useExisting, as the provider does", async () => {
    await simulate();
    const sp = new azuread.ServicePrincipal("graph-again", { clientId: graph.appId });
    expect(await registrationError(sp)).toMatch(/ImportAsExists: A resource with the ID "[0-9a-f-]{36}" already exists\..*set useExisting: true/);
  });

  it("declares one resource per API, with useExisting and retainOnDelete, however many workloads ask", async () => {
    const retained = new Map<string, { retainOnDelete: boolean; inputs: unknown }>();
    class OptionsMonitor extends MockMonitor {
      override async registerResource(req: { getName(): string; getRetainondelete(): boolean }, callback: (err: unknown, res: unknown) => void): Promise<void> {
        retained.set(req.getName(), { retainOnDelete: req.getRetainondelete(), inputs: undefined });
        return super.registerResource(req, callback as never);
      }
    }
    const simulator = await simulate({ tenant: { missingServicePrincipals: [devOps.appId] } });
    const inputs = new Map<string, MockResourceArgs["inputs"]>();
    const spy = { newResource: (args: MockResourceArgs) => { inputs.set(args.name, args.inputs); return simulator.newResource(args); }, call: simulator.call.bind(simulator) };
    setMockOptions(new OptionsMonitor(spy), "entra-workloads", "test", false);
    const principals = new ResourceServicePrincipals();
    const first = principals.get(devOps.appId, devOps.name);
    const again = principals.get(devOps.appId.toUpperCase(), devOps.name);
    expect(again).toBe(first);
    expect(await valueOf(first.permissionId("delegated", "user_impersonation"))).toBe(expectFound(api("Azure DevOps"))!.permissions.delegated.get("user_impersonation")?.id);
    expect(retained.get("resource-sp-azure-devops")).toMatchObject({ retainOnDelete: true });
    expect(inputs.get("resource-sp-azure-devops")).toEqual({ clientId: devOps.appId, useExisting: true });
    expect([...retained.keys()].filter((n) => n.startsWith("resource-sp-"))).toEqual(["resource-sp-azure-devops"]);
  });
});
