import { describe, expect, it } from "vitest";
import { parseManifest } from "../stacks/manifest";
import { evaluatePolicies } from "../preview/policy-evaluator";
import { redirectUri } from "../policies/rules";

const URIS: [string, boolean][] = [
  ["https://pat.contoso.com/getAToken", true],
  ["http://localhost:5000/getAToken", true],
  ["http://127.0.0.1:5000/getAToken", false],
  ["http://pat.contoso.com/getAToken", false],
  ["https://*.contoso.com/getAToken", false],
  ["ftp://pat.contoso.com/getAToken", false],
  ["/getAToken", false],
];

describe("redirect URIs: the manifest and the policy pack apply one rule", () => {
  it.each(URIS)("%s → accepted: %s", (uri, accepted) => {
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
  });
});
