import { describe, expect, it } from "vitest";
import { api, expectFound, MICROSOFT_GRAPH_APP_ID } from "../../model/catalog";
import { OWNERS, T, VAULT, named, ofType, runManifest } from "../support/program";
import { entraCases } from "./entra.cases";
import { conformance } from "./run";

conformance("entra", entraCases);

const devOps = expectFound(api("Azure DevOps"))!;
const patManager = {
  keyVault: VAULT,
  defaults: OWNERS,
  workloads: {
    "pat-manager": {
      credentials: [{ type: "secret" }],
      web: { redirectUris: ["https://pat.contoso.com/getAToken"] },
      apiPermissions: [{ api: "Azure DevOps", delegated: ["user_impersonation"] }, { api: "Microsoft Graph", delegated: ["User.Read"] }],
    },
    "pat-reporter": {
      credentials: [{ type: "secret" }],
      web: { redirectUris: ["https://pat-report.contoso.com/getAToken"] },
      apiPermissions: [{ api: "Azure DevOps", delegated: ["user_impersonation"] }],
    },
  },
};

describe("the program on tenants as they are", () => {
  it("plans in a tenant that never used Azure DevOps: its service principal is declared once (useExisting) and the grants use it", async () => {
    const run = await runManifest(patManager, undefined, "test", { missingServicePrincipals: [devOps.appId] });
    expect(run.error, String(run.error)).toBeUndefined();
    expect(run.failures).toEqual([]);
    const resourceSps = ofType(run, T.servicePrincipal).filter((r) => r.name.startsWith("resource-sp-"));
    expect(resourceSps.map((r) => [r.name, r.inputs])).toEqual([
      ["resource-sp-azure-devops", { clientId: devOps.appId, useExisting: true }],
      ["resource-sp-microsoft-graph", { clientId: MICROSOFT_GRAPH_APP_ID, useExisting: true }],
    ]);
    for (const grant of ofType(run, T.delegatedGrant).filter((g) => g.name.endsWith("-azure-devops-delegated"))) {
      expect(grant.dependsOn).toContain(named(run, "resource-sp-azure-devops").urn);
    }
    // The application's requiredResourceAccess uses the catalog's ids: it does not wait for the API's service principal.
    expect(named(run, "pat-manager-app").dependsOn).toEqual([]);
  });

  it("makes the deployer an owner of every application and service principal it creates, listed once, first", async () => {
    const run = await runManifest({ keyVault: VAULT, defaults: OWNERS, workloads: { "law-reader": { credentials: [{ type: "secret" }] } } });
    const app = named(run, "law-reader-app").inputs.owners as string[];
    const sp = named(run, "law-reader-sp").inputs.owners as string[];
    expect(app).toHaveLength(2);
    expect(app[1]).toBe(OWNERS.owners[0]);
    expect(sp).toEqual(app);

    const listed = await runManifest({ keyVault: VAULT, defaults: { owners: [app[0].toUpperCase(), OWNERS.owners[0]] }, workloads: { "law-reader": { credentials: [{ type: "secret" }] } } });
    expect(named(listed, "law-reader-app").inputs.owners).toEqual(app);
  });
});
