import { describe, expect, it } from "vitest";
import { isManifestError, parseManifest } from "../../stacks/manifest";
import { ofType, OWNERS, runManifest, VAULT } from "../support/program";

const FLEX = "azuread:index/applicationFlexibleFederatedIdentityCredential:ApplicationFlexibleFederatedIdentityCredential";
const GITHUB = "https://token.actions.githubusercontent.com";
const flexible = (extra: Record<string, unknown> = {}) => ({ name: "github-branches", issuer: GITHUB, claimsMatchingExpression: "claims['sub'] matches 'repo:contoso/platform:ref:refs/heads/*'", ...extra });
const stack = (workload: Record<string, unknown>) => ({ keyVault: VAULT, defaults: OWNERS, workloads: { deployer: workload } });

describe("flexible federated credentials", () => {
  it("declare azuread.ApplicationFlexibleFederatedIdentityCredential on the application, default audience", async () => {
    const run = await runManifest(stack({ flexibleFederatedCredentials: [flexible()] }));
    expect(run.error, String(run.error)).toBeUndefined();
    expect(run.failures).toEqual([]);
    const [cred] = ofType(run, FLEX);
    expect(cred.inputs).toMatchObject({ displayName: "github-branches", issuer: GITHUB, audience: "api://AzureADTokenExchange", claimsMatchingExpression: flexible().claimsMatchingExpression });
    expect(String(cred.inputs.applicationId)).toMatch(/^\/applications\//);
  });

  it("warn on a wildcard, refuse a malformed expression and a managed identity (exit 2, with paths)", async () => {
    const parsed = parseManifest(stack({ flexibleFederatedCredentials: [flexible()] }), { location: "westeurope", stack: "test" });
    expect(parsed.warnings).toContainEqual({ path: "workloads.deployer.flexibleFederatedCredentials[0].claimsMatchingExpression", message: expect.stringMatching(/^matches a wildcard/) });
    const bad = await runManifest(stack({ flexibleFederatedCredentials: [flexible({ claimsMatchingExpression: "sub matches repo:contoso/*" })] }));
    expect(isManifestError(bad.error) && bad.error.problems.map((p) => p.path)).toEqual(["workloads.deployer.flexibleFederatedCredentials[0].claimsMatchingExpression"]);
    const mi = await runManifest({ keyVault: VAULT, workloads: { runner: { type: "managedIdentity", resourceGroupName: "rg-ci", flexibleFederatedCredentials: [flexible()] } } });
    expect(isManifestError(mi.error) && mi.error.problems.map((p) => p.message)).toEqual([expect.stringMatching(/not yet available for managed identities/)]);
  });
});

describe("identifier URIs", () => {
  const parse = (identifierUri: string) => parseManifest({ keyVault: VAULT, defaults: OWNERS, workloads: { api: { expose: { identifierUri, appRoles: [{ value: "Data.Read", displayName: "Read" }] } } } }, { location: "westeurope", stack: "test" });
  it("warn on a URI outside Entra's secure formats, and accept the secure ones", () => {
    expect(parse("api://inventory").warnings).toEqual([{ path: "workloads.api.expose.identifierUri", message: expect.stringMatching(/names neither the tenant id, the client id nor a verified domain/) }]);
    for (const ok of ["api://6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0/inventory", "api://contoso.com/inventory", "https://inventory.contoso.com"]) expect(parse(ok).warnings).toEqual([]);
  });
});
