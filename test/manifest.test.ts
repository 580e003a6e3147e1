import { describe, expect, it } from "vitest";
import { isManifestError, parseClock, parseManifest } from "../stacks/manifest";
import { OWNERS, VAULT, runManifest, type Manifest } from "./support/program";

const SUB = "/subscriptions/00000000-0000-0000-0000-000000000000";
const RG = `${SUB}/resourceGroups/rg-app`;
const ok = { credentials: [{ type: "secret" }] };
const one = (workload: unknown): Manifest => ({ keyVault: VAULT, defaults: OWNERS, workloads: { app: workload } });

/** [what is wrong, manifest, path, message (exact string or pattern)] */
const INVALID: [string, Manifest, string, string | RegExp][] = [
  ["no keyVault", { workloads: { app: ok } }, "keyVault", "is required: set entra-workloads:keyVault to { name, resourceGroupName, create }"],
  ["vault name too short", { keyVault: { ...VAULT, name: "kv" }, workloads: { app: ok } }, "keyVault.name", /^invalid Key Vault name "kv": it has 2 characters; use 3–24 letters/],
  ["vault name with consecutive dashes", { keyVault: { ...VAULT, name: "kv--dev" }, workloads: { app: ok } }, "keyVault.name", /^invalid Key Vault name "kv--dev"/],
  ["workloads as a list", { keyVault: VAULT, workloads: [ok] }, "workloads", "must be a map of workload name → settings, not a list or a value"],
  ["upper-case workload name", { keyVault: VAULT, workloads: { Law_Reader: ok } }, "workloads.Law_Reader", /^invalid workload name "Law_Reader": .* \(e\.g\. "law-reader"\)$/],
  ["misspelt field", one({ ...ok, apiPermisions: [] }), "workloads.app.apiPermisions", 'unknown field "apiPermisions" — did you mean "apiPermissions"?'],
  ["unknown credential type", one({ credentials: [{ type: "password" }] }), "workloads.app.credentials[0].type", "must be one of secret, certificate, federated"],
  ["secret lifetime over two years", one({ credentials: [{ type: "secret", lifetimeDays: 800 }] }), "workloads.app.credentials[0].lifetimeDays", "must be at most 730"],
  ["rotation too slow to keep an overlap", one({ credentials: [{ type: "secret", lifetimeDays: 90, rotateAfterDays: 60 }] }), "workloads.app.credentials[0].rotateAfterDays",
    "rotateAfterDays 60 is too long for lifetimeDays 90: after a rotation the previous secret would stay valid only 30 days instead of the 60-day overlap; use rotateAfterDays ≤ 45 or lifetimeDays ≥ 120"],
  ["certificate rotation too slow", one({ credentials: [{ type: "certificate", lifetimeDays: 100, rotateAfterDays: 60 }] }), "workloads.app.credentials[0].rotateAfterDays", /^rotateAfterDays 60 is too long for lifetimeDays 100: after a rotation the previous certificate/],
  ["two secrets", one({ credentials: [{ type: "secret" }, { type: "secret" }] }), "workloads.app.credentials[1]", /^only one secret credential per workload/],
  ["federated issuer over http", one({ credentials: [{ type: "federated", issuer: "http://token.example.com", subject: "s" }] }), "workloads.app.credentials[0].issuer",
    'federated issuer "http://token.example.com" must be an https URL (e.g. https://token.actions.githubusercontent.com)'],
  ["federated credential without subject", one({ credentials: [{ type: "federated", issuer: "https://token.actions.githubusercontent.com" }] }), "workloads.app.credentials[0].subject", "is required"],
  ["21 federated credentials", one({ credentials: Array.from({ length: 21 }, (_, i) => ({ type: "federated", name: `fic-${i}`, issuer: "https://issuer.example.com", subject: `s${i}` })) }),
    "workloads.app.credentials[20]", /^more than 20 federated credentials: Entra allows 20/],
  ["secret on a managed identity", one({ type: "managedIdentity", resourceGroupName: "rg", credentials: [{ type: "secret" }] }), "workloads.app.credentials[0].type", /^a managed identity cannot hold a secret/],
  ["managed identity without resource group", one({ type: "managedIdentity" }), "workloads.app.resourceGroupName", /^is required for a managed identity/],
  ["resourceGroupName on an application", one({ ...ok, resourceGroupName: "rg" }), "workloads.app.resourceGroupName", "applies to managed identities only (type: managedIdentity); remove it"],
  ["unknown API", one({ apiPermissions: [{ api: "Graph", application: ["User.Read.All"] }] }), "workloads.app.apiPermissions[0].api", /^unknown API "Graph" — did you mean "Microsoft Graph"/],
  ["typo in a Graph permission", one({ apiPermissions: [{ api: "Microsoft Graph", application: ["User.Read.Al"] }] }), "workloads.app.apiPermissions[0].application[0]",
    /^unknown Microsoft Graph application permission "User.Read.Al" — did you mean "User.Read.All"/],
  ["delegated name asked as application", one({ apiPermissions: [{ api: "Microsoft Graph", application: ["User.Read"] }] }), "workloads.app.apiPermissions[0].application[0]",
    /^"User.Read" is a delegated permission of Microsoft Graph, not an application one; move it to "delegated"/],
  ["application permission on a delegated-only API", one({ apiPermissions: [{ api: "Azure DevOps", application: ["user_impersonation"] }] }), "workloads.app.apiPermissions[0].application[0]",
    /^"user_impersonation" is a delegated permission of Azure DevOps/],
  ["the same API twice", one({ apiPermissions: [{ api: "Microsoft Graph", application: ["User.Read.All"] }, { api: "00000003-0000-0000-c000-000000000000", application: ["Group.Read.All"] }] }),
    "workloads.app.apiPermissions[1].api", "Microsoft Graph is already listed at apiPermissions[0]; merge the two entries into one"],
  ["a permission listed twice", one({ apiPermissions: [{ api: "Microsoft Graph", application: ["User.Read.All", "User.Read.All"] }] }), "workloads.app.apiPermissions[0].application[1]", '"User.Read.All" is listed twice; remove the duplicate'],
  ["an API with no permission", one({ apiPermissions: [{ api: "Microsoft Graph" }] }), "workloads.app.apiPermissions[0]", /^no permissions listed for Microsoft Graph/],
  ["delegated permission on a managed identity", one({ type: "managedIdentity", resourceGroupName: "rg", apiPermissions: [{ api: "Microsoft Graph", delegated: ["User.Read"] }] }),
    "workloads.app.apiPermissions[0].delegated", /^a managed identity has no signed-in user/],
  ["unknown role", one({ ...ok, roles: [{ role: "Monitoring Metric Publisher", scope: RG }] }), "workloads.app.roles[0].role", /^unknown Azure built-in role "Monitoring Metric Publisher" — did you mean "Monitoring Metrics Publisher"/],
  ["scope that is not an ARM id", one({ ...ok, roles: [{ role: "Reader", scope: "rg-app" }] }), "workloads.app.roles[0].scope", /^scope "rg-app" is not an ARM id/],
  ["subscription scope without a GUID", one({ ...ok, roles: [{ role: "Reader", scope: "/subscriptions/prod" }] }), "workloads.app.roles[0].scope", /^scope "\/subscriptions\/prod" is not an ARM id/],
  ["duplicate role assignment", one({ ...ok, roles: [{ role: "Reader", scope: RG }, { role: "reader", scope: `${RG}/` }] }), "workloads.app.roles[1]", /^duplicate role assignment: Reader on this scope is already roles\[0\] \(Azure would answer RoleAssignmentExists\)/],
  ["redirect URI over http", one({ ...ok, web: { redirectUris: ["http://pat.contoso.com/getAToken"] } }), "workloads.app.web.redirectUris[0]", '"http://pat.contoso.com/getAToken" must use https (http is allowed only for http://localhost and http://127.0.0.1)'],
  ["wildcard redirect URI", one({ ...ok, web: { redirectUris: ["https://*.contoso.com/getAToken"] } }), "workloads.app.web.redirectUris[0]", /contains a wildcard/],
  ["owner that is not an object id", one({ ...ok, owners: ["platform-team"] }), "workloads.app.owners[0]", /^must be an object id/],
];

describe("manifest: invalid input stops before anything is declared", () => {
  it.each(INVALID)("%s", async (_what, manifest, path, message) => {
    const run = await runManifest(manifest);
    expect(isManifestError(run.error)).toBe(true);
    if (!isManifestError(run.error)) return;
    const problem = run.error.problems.find((p) => p.path === path);
    expect(problem, `problems were: ${JSON.stringify(run.error.problems)}`).toBeDefined();
    if (typeof message === "string") expect(problem?.message).toBe(message);
    else expect(problem?.message).toMatch(message);
    expect(run.resources).toEqual([]);
  });

  it("reports every problem at once", () => {
    const result = parseManifest({
      keyVault: { ...VAULT, name: "1kv" },
      defaults: {},
      workloads: { Bad: ok, app: { credentials: [{ type: "federated", issuer: "http://x", subject: "s" }], roles: [{ role: "Nope", scope: "x" }] } },
    }, { location: "westeurope" });
    expect(result.manifest).toBeUndefined();
    expect(result.errors.map((e) => e.path)).toEqual([
      "keyVault.name", "workloads.Bad", "workloads.app.credentials[0].issuer", "workloads.app.roles[0].role", "workloads.app.roles[0].scope",
    ]);
  });
});

describe("manifest: defaults and warnings", () => {
  it("fills defaults: application kind, 90/30-day secrets, 180/60-day certificates, adminConsent true, defaults.owners", () => {
    const result = parseManifest({
      keyVault: VAULT, defaults: OWNERS,
      workloads: { app: { credentials: [{ type: "secret" }, { type: "certificate" }], apiPermissions: [{ api: "Microsoft Graph", application: ["User.Read.All"] }] } },
    }, { location: "westeurope" });
    const w = result.manifest?.workloads[0];
    expect(w?.kind).toBe("application");
    expect(w?.owners).toEqual(OWNERS.owners);
    expect(w?.credentials).toEqual([{ type: "secret", lifetimeDays: 90, rotateAfterDays: 30 }, { type: "certificate", lifetimeDays: 180, rotateAfterDays: 60 }]);
    expect(w?.apiPermissions[0]).toMatchObject({ adminConsent: true, apiName: "Microsoft Graph", application: [{ name: "User.Read.All" }] });
  });

  it("warns that a delegated-only API needs a user sign-in flow when there is no redirect URI (S5)", () => {
    const result = parseManifest({ keyVault: VAULT, workloads: { pat: { ...ok, apiPermissions: [{ api: "Azure DevOps", delegated: ["user_impersonation"] }] } } }, { location: "westeurope" });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([{ path: "workloads.pat.apiPermissions[0].api", message: expect.stringMatching(/^Azure DevOps accepts only user-delegated tokens \(service principals and managed identities are refused\)/) }]);
    const withWeb = parseManifest({ keyVault: VAULT, workloads: { pat: { ...ok, web: { redirectUris: ["https://pat.contoso.com/getAToken"] }, apiPermissions: [{ api: "Azure DevOps", delegated: ["user_impersonation"] }] } } }, { location: "westeurope" });
    expect(withWeb.warnings).toEqual([]);
  });

  it("accepts a customer API by app id, unresolved until deploy", () => {
    const result = parseManifest({ keyVault: VAULT, workloads: { app: { ...ok, apiPermissions: [{ api: "11111111-2222-3333-4444-555555555555", application: ["Orders.Read"] }] } } }, { location: "westeurope" });
    expect(result.errors).toEqual([]);
    expect(result.manifest?.workloads[0].apiPermissions[0]).toMatchObject({ api: undefined, apiName: "11111111-2222-3333-4444-555555555555", application: [{ name: "Orders.Read" }] });
  });
});

describe("the pinned clock (entra-workloads:now, --now)", () => {
  it.each([["2026-11-23", "2026-11-23T00:00:00.000Z"], ["2026-11-23T12:30:00Z", "2026-11-23T12:30:00.000Z"]])("accepts %s", (text, iso) => {
    expect(parseClock(text).now?.toISOString()).toBe(iso);
  });

  it.each(["yesterday", "2026", "11/23/2026"])("refuses %s, which is not an ISO-8601 date", (text) => {
    expect(parseClock(text)).toEqual({ problem: `expected an ISO-8601 date such as 2026-11-23 or 2026-11-23T00:00:00Z, got "${text}"` });
  });
});

describe("the application display name built from the stack name", () => {
  it("is refused over Graph's 256 characters, naming the workload, before Graph would answer 400", () => {
    const workload = "w".repeat(63);
    const stack = "s".repeat(193);
    const result = parseManifest({ keyVault: VAULT, defaults: OWNERS, workloads: { [workload]: ok } }, { location: "westeurope", stack });
    expect(result.errors).toEqual([{ path: `workloads.${workload}`, message: expect.stringMatching(/^the application's display name \(<workload>-<stack>\) has 257 characters; Microsoft Graph allows at most 256/) }]);
    expect(parseManifest({ keyVault: VAULT, defaults: OWNERS, workloads: { [workload]: ok } }, { location: "westeurope", stack: stack.slice(1) }).errors).toEqual([]);
  });
});
