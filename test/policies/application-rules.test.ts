import * as azuread from "@pulumi/azuread";
import { beforeAll, describe, expect, it } from "vitest";
import { applicationOwners, implicitGrant, redirectUri, signInAudience } from "../../policies/rules";
import { findings, installMocks, registered } from "./harness";

const OWNER = "00000000-0000-4000-8000-00000000000a";
/** What entra-workloads registers: the deploying identity first, then the manifest's owner. */
const DEPLOYER = "00000000-0000-4000-8000-00000000000d";

const app = (name: string, args: Partial<azuread.ApplicationArgs> = {}) =>
  new azuread.Application(name, { displayName: name, owners: [DEPLOYER, OWNER], signInAudience: "AzureADMyOrg", ...args });

beforeAll(() => installMocks());

describe("redirect-uri", () => {
  it("passes https and http://localhost", async () => {
    const resources = await registered(app("pat-manager", { web: { redirectUris: ["https://pat.contoso.com/getAToken", "http://localhost:5000/getAToken"] } }));
    expect(findings(resources, redirectUri)).toEqual([]);
  });

  it.each([
    ["http://pat.contoso.com/getAToken", "http://"],
    ["https://*.contoso.com/getAToken", "wildcard"],
  ])("refuses %s", async (uri, why) => {
    const resources = await registered(app(`redirect-${why.replace(/\W/g, "")}`, { web: { redirectUris: [uri] } }));
    const result = findings(resources, redirectUri);
    expect(result).toEqual([expect.objectContaining({ policy: "redirect-uri", enforcement: "mandatory" })]);
    expect(result[0].message).toContain(uri);
    expect(result[0].message).toContain(why);
  });
});

describe("implicit-grant", () => {
  it("passes an app with implicit grant off", async () => {
    const resources = await registered(app("code-flow", { web: { implicitGrant: { accessTokenIssuanceEnabled: false, idTokenIssuanceEnabled: false } } }));
    expect(findings(resources, implicitGrant)).toEqual([]);
  });

  it("refuses access-token and id-token issuance in one finding", async () => {
    const resources = await registered(app("implicit", { web: { implicitGrant: { accessTokenIssuanceEnabled: true, idTokenIssuanceEnabled: true } } }));
    const result = findings(resources, implicitGrant);
    expect(result).toEqual([expect.objectContaining({ policy: "implicit-grant", enforcement: "mandatory" })]);
    expect(result[0].message).toContain("access tokens and ID tokens");
  });
});

describe("sign-in-audience", () => {
  it("passes a single-tenant app", async () => {
    const resources = await registered(app("single-tenant"));
    expect(findings(resources, signInAudience)).toEqual([]);
  });

  it("flags a multi-tenant app as advisory", async () => {
    const resources = await registered(app("multi-tenant", { signInAudience: "AzureADMultipleOrgs" }));
    expect(findings(resources, signInAudience)).toEqual([
      expect.objectContaining({ policy: "sign-in-audience", enforcement: "advisory", message: expect.stringContaining("AzureADMultipleOrgs") }),
    ]);
  });
});

describe("application-owners", () => {
  it("passes an app with an owner besides the deploying identity", async () => {
    const resources = await registered(app("owned"));
    expect(findings(resources, applicationOwners)).toEqual([]);
  });

  it("flags an app without owners as advisory", async () => {
    const resources = await registered(app("orphan", { owners: [] }));
    expect(findings(resources, applicationOwners)).toEqual([expect.objectContaining({ policy: "application-owners", enforcement: "advisory" })]);
  });

  it("flags an app owned only by the identity that deploys it", async () => {
    const resources = await registered(app("pipeline-only", { owners: [DEPLOYER] }));
    expect(findings(resources, applicationOwners)).toEqual([expect.objectContaining({ policy: "application-owners", message: expect.stringMatching(/a single owner/) })]);
  });
});
