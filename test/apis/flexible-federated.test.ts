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
