import { describe, expect, it } from "vitest";
import { microsoftGraph, permission } from "../../model/catalog";
import tier0Data from "../../model/catalog/data/tier0-graph-permissions.json";
import { isTier0, tier0, tier0Permissions } from "../../model/catalog/tier0";
import { buildTier0Catalog, parseMaester } from "../../scripts/catalog/tier0";

describe("the tier-0 catalog", () => {
  it("cites Maester's list and the Azure AD tiering research, each with a full commit", () => {
    expect(tier0Data.sourceCommits.map((s) => s.repository)).toEqual(["maester365/maester", "emiliensocchi/azure-tiering"]);
    for (const s of tier0Data.sourceCommits) expect(s.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it("holds the issue's paths to Global Administrator, and not the dev stack's User.Read.All or Application.Read.All", () => {
    expect(tier0("PrivilegedAccess.ReadWrite.AzureADGroup", "application")).toMatchObject({ path: "Direct", sources: ["maester", "azure-tiering"] });
    expect(tier0("RoleManagementPolicy.ReadWrite.Directory", "application")).toBeDefined();
    expect(tier0("RoleManagement.ReadWrite.Directory", "delegated")).toMatchObject({ sources: ["maester"] });
    expect(tier0("User.Read.All", "application")).toBeUndefined();
    expect(tier0("Application.Read.All", "application")).toBeUndefined();
    expect(isTier0({ name: "RoleManagement.ReadWrite.Directory", kind: "application", apiAppId: "00000000-0000-0000-0000-00000000abcd" })).toBe(false);
  });

  it("names only permissions the Graph catalog publishes", () => {
    for (const kind of ["application", "delegated"] as const) {
      for (const t of tier0Permissions(kind)) expect(permission(microsoftGraph(), t.name, kind).ok, `${kind} ${t.name}`).toBe(true);
    }
  });

  it("the generator matches ids against the Graph catalog and stops on a name that disagrees", () => {
    const ps1 = "[pscustomobject]@{\n Id = 'aaaa'\n Name = 'X.ReadWrite.All'\n Type = 'Application'\n Path = 'Direct'\n}";
    expect(parseMaester(ps1)).toEqual([{ id: "aaaa", name: "X.ReadWrite.All", kind: "application", path: "Direct" }]);
    const graph = { permissions: { "Y.ReadWrite.All": { application: { id: "AAAA" } } } };
    expect(() => buildTier0Catalog(ps1, [], graph, [])).toThrow(/id aaaa is Y\.ReadWrite\.All in graph-permissions\.json, not X\.ReadWrite\.All/);
    const unknown = buildTier0Catalog(ps1, [], { permissions: {} }, []);
    expect(unknown.notInGraphCatalog).toEqual(["application:X.ReadWrite.All"]);
  });
});
