import { describe, expect, it } from "vitest";
import * as azuread from "@pulumi/azuread";
import { parseManifest } from "../stacks/manifest";
import { evaluatePolicies } from "../preview/policy-evaluator";
import { redirectUri } from "../policies/rules";
import { MAX_REDIRECT_URI_LENGTH, redirectUriFlaw } from "../model/redirect-uri";
import { registrationError, simulate, valueOf } from "./simulator/harness";

const long = `https://pat.contoso.com/${"a".repeat(MAX_REDIRECT_URI_LENGTH - "https://pat.contoso.com/".length)}`;

/** [uri, accepted on the web platform, the flaw's kind when refused] — each row's source is in model/redirect-uri.ts. */
const WEB: [string, boolean, string?][] = [
  ["https://pat.contoso.com/getAToken", true],
  ["https://pat.contoso.com/", true],
  ["https://pat.contoso.com/cb?tenant=contoso", true],
  ["http://localhost:5000/getAToken", true],
  ["http://127.0.0.1:5000/getAToken", true],
  [long, true],
  [`${long}x`, false, "too-long"],
  ["https://pat.contoso.com", false, "no-path"],
  ["http://localhost:5000", false, "no-path"],
  ["http://[::1]:5000/getAToken", false, "ipv6-loopback"],
  ["https://[::1]/getAToken", false, "ipv6-loopback"],
  ["http://pat.contoso.com/getAToken", false, "http-not-localhost"],
  ["https://*.contoso.com/getAToken", false, "wildcard"],
  ["https://pat.contoso.com/get(A)Token", false, "forbidden-character"],
  ["https://pat.contoso.com/a,b", false, "forbidden-character"],
  ["https://pat.contoso.com/a;b", false, "forbidden-character"],
  ["ftp://pat.contoso.com/getAToken", false, "scheme"],
  ["ms-appx-web://microsoft.aad.brokerplugin/abc", false, "scheme"],
  ["urn:ietf:wg:oauth:2.0:oob", false, "no-host"],
  ["https:///getAToken", false, "no-host"],
  ["/getAToken", false, "not-absolute"],
];

describe("redirect URIs: the manifest, the policy pack and the simulator apply one rule", () => {
  it.each(WEB)("%s → accepted: %s %s", async (uri, accepted, kind) => {
    expect(redirectUriFlaw(uri, "web")?.kind).toBe(kind);
    const manifest = parseManifest(
      { keyVault: { name: "kv-test", resourceGroupName: "rg" }, workloads: { app: { credentials: [{ type: "secret" }], web: { redirectUris: [uri] } } } },
      { location: "westeurope" },
    );
    const policy = evaluatePolicies(
      [{ urn: "urn:pulumi:t::p::azuread:index/application:Application::app", type: "azuread:index/application:Application", name: "app", props: { web: { redirectUris: [uri] } } }],
      { now: new Date("2026-11-23T00:00:00Z"), policies: [redirectUri] },
    );
    expect(manifest.errors.length === 0).toBe(accepted);
    expect(policy.length === 0).toBe(accepted);

    await simulate();
    const app = new azuread.Application(`redirect-${WEB.findIndex(([u]) => u === uri)}`, { displayName: "pat-manager", web: { redirectUris: [uri] } });
    if (accepted) expect(await valueOf(app.web)).toMatchObject({ redirectUris: [uri] });
    else expect(await registrationError(app)).toMatch(/Request_BadRequest: Invalid value specified for property 'web\.redirectUris'/);
  });

  it("lets public clients use their own schemes and URNs, never http to a remote host", () => {
    expect(redirectUriFlaw("msal00000000-0000-0000-0000-000000000000://auth", "publicClient")).toBeUndefined();
    expect(redirectUriFlaw("urn:ietf:wg:oauth:2.0:oob", "publicClient")).toBeUndefined();
    expect(redirectUriFlaw("http://localhost", "publicClient")).toBeUndefined();
    expect(redirectUriFlaw("http://app.contoso.com/cb", "publicClient")?.kind).toBe("http-not-localhost");
    expect(redirectUriFlaw("msal://auth", "spa")?.kind).toBe("scheme");
  });

  it("refuses more than 256 redirect URIs on one app, in the manifest and the policy pack", () => {
    const uris = Array.from({ length: 257 }, (_, i) => `https://pat.contoso.com/cb${i}`);
    const manifest = parseManifest(
      { keyVault: { name: "kv-test", resourceGroupName: "rg" }, workloads: { app: { credentials: [{ type: "secret" }], web: { redirectUris: uris } } } },
      { location: "westeurope" },
    );
    expect(manifest.errors).toEqual([{ path: "workloads.app.web.redirectUris", message: expect.stringMatching(/has 257 redirect URIs; Entra accepts at most 256 per app/) }]);
    const policy = evaluatePolicies(
      [{ urn: "urn:pulumi:t::p::azuread:index/application:Application::app", type: "azuread:index/application:Application", name: "app", props: { web: { redirectUris: uris.slice(0, 200) }, singlePageApplication: { redirectUris: uris.slice(200) } } }],
      { now: new Date("2026-11-23T00:00:00Z"), policies: [redirectUri] },
    );
    expect(policy.map((f) => f.message)).toEqual([expect.stringMatching(/lists 257 redirect URIs; Entra accepts at most 256/)]);
  });
});
