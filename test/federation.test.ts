import { describe, expect, it } from "vitest";
import { VAULT, named, ofType, runManifest, T } from "./support/program";

const fic = (name: string) => ({ type: "federated", name, issuer: "https://token.actions.githubusercontent.com", subject: `repo:contoso/platform:environment:${name}` });

describe("federated credentials", () => {
  it("on a managed identity are written one after another (Azure rejects concurrent writes on one identity)", async () => {
    const run = await runManifest({ keyVault: VAULT, workloads: { runner: { type: "managedIdentity", resourceGroupName: "rg-ci", credentials: [fic("dev"), fic("test"), fic("prod")] } } });
    expect(run.failures).toEqual([]);
    const [dev, test, prod] = ["dev", "test", "prod"].map((n) => named(run, `runner-fic-${n}`));
    const identity = named(run, "runner-identity");
    expect(dev.dependsOn).toEqual([identity.urn]);
    expect(test.dependsOn).toEqual(expect.arrayContaining([dev.urn, identity.urn]));
    expect(prod.dependsOn).toEqual(expect.arrayContaining([test.urn, identity.urn]));
    expect(prod.inputs).toMatchObject({ federatedIdentityCredentialResourceName: "prod", resourceName: "runner-test", audiences: ["api://AzureADTokenExchange"] });
  });

  it("on an application are independent of each other and attach to the application's resource id", async () => {
    const run = await runManifest({ keyVault: VAULT, workloads: { deployer: { credentials: [fic("dev"), fic("prod")] } } });
    const app = named(run, "deployer-app");
    const creds = ofType(run, T.appFederated);
    expect(creds.map((c) => c.dependsOn)).toEqual([[app.urn], [app.urn]]);
    expect(creds[1].inputs).toMatchObject({ displayName: "prod", issuer: "https://token.actions.githubusercontent.com", subject: "repo:contoso/platform:environment:prod" });
    expect(String(creds[1].inputs.applicationId)).toMatch(/^\/applications\/[0-9a-f-]{36}$/);
    expect(ofType(run, T.password)).toEqual([]);
  });
});
