import { describe, expect, it } from "vitest";
import { compareCoverage } from "../../preview/verify/rbac";
import { decodeClaims } from "../../preview/verify/jwt";
import { redact } from "../../preview/verify/render";
import { acceptedAudiences } from "../../preview/verify/token-check";
import { fakeJwt } from "./fakes";
import { ARM, GRAPH } from "./scenario";

const block = (actions: string[], notActions: string[] = [], dataActions: string[] = []) => ({ actions, notActions, dataActions, notDataActions: [] });

describe("token claims", () => {
  it("decodes a JWT's payload without verifying the signature, and never echoes the token on failure", () => {
    expect(decodeClaims(fakeJwt({ aud: "https://graph.microsoft.com", roles: ["User.Read.All"] }))).toMatchObject({ roles: ["User.Read.All"] });
    const notJwt = "opaque-token-value-123456";
    expect(() => decodeClaims(notJwt)).toThrow(/not a JWT/);
    try { decodeClaims(notJwt); } catch (err) { expect((err as Error).message).not.toContain(notJwt); }
  });

  it("accepts the v1 App ID URI with or without its slash, and the API's app id (v2)", () => {
    const arm = { api: ARM.name, appId: ARM.appId, resource: ARM.tokenResource, scope: ARM.defaultScope, roles: [], scopes: [] };
    expect(acceptedAudiences(arm)).toEqual(expect.arrayContaining(["https://management.azure.com/", "https://management.azure.com", ARM.appId]));
    const graph = { api: GRAPH.name, appId: GRAPH.appId, resource: GRAPH.tokenResource, scope: GRAPH.defaultScope, roles: [], scopes: [] };
    expect(acceptedAudiences(graph)).not.toContain("https://management.azure.com/");
  });

  it("scrubs every sensitive value from output text", () => {
    expect(redact("secret abcdefgh12 and token eyJhbGciOi.x.y", ["abcdefgh12", "eyJhbGciOi.x.y"])).toBe("secret [redacted] and token [redacted]");
  });
});

describe("effective permissions against the planned roles", () => {
  it("covers a role whose actions are granted, wildcards included", () => {
    expect(compareCoverage([block(["*/read"])], [block(["*/read"])])).toEqual({ missing: [], extra: [] });
    expect(compareCoverage([block(["Microsoft.Insights/Metrics/Write"])], [block(["Microsoft.Insights/*"])]).missing).toEqual([]);
  });

  it("names what is missing, including data actions", () => {
    expect(compareCoverage([block([], [], ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"])], [block([])]).missing)
      .toEqual(["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read (data)"]);
  });

  it("finds Owner where Contributor was planned: the operation Contributor's notActions exclude", () => {
    const contributor = block(["*"], ["Microsoft.Authorization/*/Write", "Microsoft.Authorization/*/Delete"]);
    const { missing, extra } = compareCoverage([contributor], [block(["*"])]);
    expect(missing).toEqual([]);
    expect(extra).toEqual(["Microsoft.Authorization/*/Write, which the planned role excludes", "Microsoft.Authorization/*/Delete, which the planned role excludes"]);
  });

  it("finds actions granted beyond the planned role", () => {
    expect(compareCoverage([block(["*/read"])], [block(["*/read", "Microsoft.Compute/virtualMachines/start/action"])]).extra)
      .toEqual(["Microsoft.Compute/virtualMachines/start/action"]);
  });
});
