import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { EntraApplication } from "../../components/application";
import { plainInputs, simulateComponents, valueOf } from "./harness";

const APPLICATION = "azuread:index/application:Application";
const SERVICE_PRINCIPAL = "azuread:index/servicePrincipal:ServicePrincipal";

describe("EntraApplication", () => {
  it("declares a single-tenant application with unique display name and its service principal, both owned as given", async () => {
    const t = await simulateComponents();
    const owners = pulumi.output([t.simulator.client.objectId, "6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"]);
    const app = new EntraApplication("law-reader", { displayName: "law-reader-test", owners, notes: "managed", tags: ["team:platform"] });
    const [urn, clientId, spObjectId] = await Promise.all([valueOf(app.urn), valueOf(app.clientId), valueOf(app.servicePrincipalObjectId)]);
    await t.settled();

    const children = t.childrenOf(urn);
    const application = children.find((c) => c.type === APPLICATION);
    const servicePrincipal = children.find((c) => c.type === SERVICE_PRINCIPAL);
    if (!application || !servicePrincipal) throw new Error(`children: ${children.map((c) => c.name).join(", ")}`);
    expect(children).toHaveLength(2);
    expect([application.type, application.name, servicePrincipal.type, servicePrincipal.name]).toEqual([APPLICATION, "law-reader-app", SERVICE_PRINCIPAL, "law-reader-sp"]);
    expect(plainInputs(application)).toMatchObject({
      displayName: "law-reader-test", signInAudience: "AzureADMyOrg", preventDuplicateNames: true, notes: "managed", tags: ["team:platform"],
      owners: [t.simulator.client.objectId, "6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"], requiredResourceAccesses: [],
    });
    expect(plainInputs(application).web).toBeUndefined();
    expect(plainInputs(servicePrincipal)).toMatchObject({ clientId, owners: [t.simulator.client.objectId, "6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"] });
    // The service principal waits for the application (it takes its client id), and the three ids differ.
    expect(servicePrincipal.dependsOn).toEqual([application.urn]);
    expect(new Set([clientId, spObjectId, await valueOf(app.objectId)]).size).toBe(3);
  });

  it("adds the web platform only with redirect URIs, and never issues tokens through the implicit grant", async () => {
    const t = await simulateComponents();
    const app = new EntraApplication("pat-manager", { displayName: "pat-manager-test", notes: "managed", redirectUris: ["https://pat.contoso.com/getAToken"] });
    const urn = await valueOf(app.urn);
    await t.settled();
    const application = t.childrenOf(urn).find((c) => c.type === APPLICATION);
    expect(application && plainInputs(application).web).toEqual({
      redirectUris: ["https://pat.contoso.com/getAToken"],
      implicitGrant: { accessTokenIssuanceEnabled: false, idTokenIssuanceEnabled: false },
    });
  });
});
