import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { generateStack } from "../../bench/generate";
import { parseManifest, type ParseOptions, type RawManifest } from "../../stacks/manifest";
import { runCommand } from "../support/cli";
import { OWNERS, VAULT } from "../support/program";

/**
 * Issue 12: a shape error in a part (a workload, keyVault, defaults) hid every problem of meaning in it. Each case
 * pairs a shape error with problems of meaning elsewhere in the same part (or in a part that refers to it) and lists
 * every problem one run must name: no fewer (the meaning is still checked), no more (nothing that only echoes the
 * shape error), none twice.
 */

const SUB = "/subscriptions/00000000-0000-0000-0000-000000000000";
const OWNER = OWNERS.owners[0];
const one = (workload: unknown, extra: Partial<RawManifest> = {}): RawManifest => ({ keyVault: VAULT, defaults: OWNERS, workloads: { app: workload }, ...extra });
const mi = (fields: Record<string, unknown>) => ({ type: "managedIdentity", resourceGroupName: "rg-app", location: "westeurope", ...fields });
const UNKNOWN_ROLE = [{ role: "Ownr", scope: SUB }];
const ownr = (at: string): [string, RegExp] => [at, /^unknown Azure built-in role "Ownr" — did you mean "Owner"/];
const api = { expose: { appRoles: [{ value: "Orders.Read", displayName: "Read orders" }] } };

/** The stack's azure-native:location, unless a case needs none to show what it shows. */
const AT = { stack: "dev", location: "westeurope" };
const NOWHERE = { stack: "dev" };

/** [what, manifest, every problem as [path, message pattern], parse options] */
const CASES: [string, RawManifest, [string, RegExp][], ParseOptions?][] = [
  ["credentials malformed, an unknown role", one({ credentials: 5, roles: UNKNOWN_ROLE }),
    [["workloads.app.credentials", /^must be a list$/], ownr("workloads.app.roles[0].role")]],
  ["web malformed, an unknown Graph permission", one({ web: { redirectUris: "https://app.example.com/cb" }, apiPermissions: [{ api: "Microsoft Graph", delegated: ["User.Reed"] }] }),
    [["workloads.app.web.redirectUris", /^must be a list$/], ["workloads.app.apiPermissions[0].delegated[0]", /^unknown Microsoft Graph delegated permission "User.Reed"/]]],
  ["apiPermissions malformed, a bad redirect URI", one({ apiPermissions: { api: "Microsoft Graph" }, web: { redirectUris: ["http://app.example.com/cb"] } }),
    [["workloads.app.apiPermissions", /^must be a list$/], ["workloads.app.web.redirectUris[0]", /http/]]],
  ["owners malformed, a tag name ARM refuses", one(mi({ owners: "me", tags: { "cost/center": "42" } })),
    [["workloads.app.owners", /^must be a list$/], ["workloads.app.tags[\"cost/center\"]", /\//]]],
  ["tags malformed, a managed identity without resource group", one({ type: "managedIdentity", location: "westeurope", tags: ["team=a"], roles: UNKNOWN_ROLE }),
    [["workloads.app.tags", /^must be a map of fields$/], ["workloads.app.resourceGroupName", /^is required for a managed identity/], ownr("workloads.app.roles[0].role")]],
  ["one role malformed, another unknown (its index kept)", one({ roles: [{ role: "Reader", scope: 5 }, ...UNKNOWN_ROLE, { role: "Reader" }, { role: "Reader", scope: "rg-app" }] }),
    [["workloads.app.roles[0].scope", /^must be a string$/], ownr("workloads.app.roles[1].role"), ["workloads.app.roles[2].scope", /^is required$/],
      ["workloads.app.roles[3].scope", /^scope "rg-app" is not an ARM id/]]],
  ["one API permission malformed, another misspelt", one({ apiPermissions: [{ api: 5 }, { api: "Microsoft Graph", application: ["User.Read.Al"] }] }),
    [["workloads.app.apiPermissions[0].api", /^must be a string$/], ["workloads.app.apiPermissions[1].application[0]", /^unknown Microsoft Graph application permission "User.Read.Al"/]]],
  ["one credential malformed, another with an http issuer", one({ credentials: [{ type: "secret", lifetimeDays: "long" }, { type: "federated", issuer: "http://issuer.example.com", subject: "s" }] }),
    [["workloads.app.credentials[0].lifetimeDays", /^must be a number$/], ["workloads.app.credentials[1].issuer", /must be an https URL/]]],
  ["the workload's type malformed: nothing that depends on it", one({ type: "managed", credentials: [{ type: "secret" }], location: "westeurope", roles: UNKNOWN_ROLE }),
    [["workloads.app.type", /^must be one of application, managedIdentity$/], ownr("workloads.app.roles[0].role")]],
  ["resourceGroupName malformed: not also required", one(mi({ resourceGroupName: 5, roles: UNKNOWN_ROLE })),
    [["workloads.app.resourceGroupName", /^must be a string$/], ownr("workloads.app.roles[0].role")]],
  ["resourceGroupName misspelt: not also required", one({ type: "managedIdentity", location: "westeurope", resourceGroupNme: "rg-app", roles: UNKNOWN_ROLE }),
    [["workloads.app.resourceGroupNme", /did you mean "resourceGroupName"/], ownr("workloads.app.roles[0].role")]],
  ["keyVault: resourceGroupName malformed, the vault name too short", one({ roles: UNKNOWN_ROLE }, { keyVault: { name: "kv", resourceGroupName: 5, create: true } }),
    [["keyVault.resourceGroupName", /^must be a string$/], ["keyVault.name", /^invalid Key Vault name "kv"/], ownr("workloads.app.roles[0].role")]],
  ["keyVault: create malformed, a resource group ARM refuses", one({}, { keyVault: { name: "kv-test", resourceGroupName: "rg-identity.", create: "yes", location: "West Europe" } }),
    [["keyVault.create", /^must be a boolean$/], ["keyVault.resourceGroupName", /ends with a period/], ["keyVault.location", /use "westeurope"/]]],
  ["keyVault: location malformed: not also required to create the vault, the vault name too long", one({ roles: UNKNOWN_ROLE }, { keyVault: { ...VAULT, name: "kv-workloads-of-the-dev-stack", location: 5 } }),
    [["keyVault.location", /^must be a string$/], ["keyVault.name", /^invalid Key Vault name "kv-workloads-of-the-dev-stack"/], ownr("workloads.app.roles[0].role")], NOWHERE],
  ["defaults: owners malformed, a region display name", one({ roles: UNKNOWN_ROLE }, { defaults: { owners: OWNER, location: "West Europe" } }),
    [["defaults.owners", /^must be a list$/], ["defaults.location", /use "westeurope"/], ownr("workloads.app.roles[0].role")]],
  ["defaults: tags malformed, an unknown region, a managed identity's tag name ARM refuses", one(mi({ tags: { "a<b": "x" } }), { defaults: { owners: [OWNER], tags: "managedBy=us", location: "westeurop" } }),
    [["defaults.tags", /^must be a map of fields$/], ["defaults.location", /westeurop/], ["workloads.app.tags[\"a<b\"]", /</]]],
  ["defaults: location malformed: a managed identity without one is not also refused",
    one({ type: "managedIdentity", resourceGroupName: "rg-app", roles: UNKNOWN_ROLE }, { keyVault: { ...VAULT, create: false }, defaults: { owners: [OWNER], location: 5 } }),
    [["defaults.location", /^must be a string$/], ownr("workloads.app.roles[0].role")], NOWHERE],
  ["a workload with malformed credentials still exposes its API to the others",
    { keyVault: VAULT, defaults: OWNERS, workloads: { orders: { credentials: 5, ...api }, client: { apiPermissions: [{ api: "orders", application: ["Orders.Rread"] }], secretReaders: ["orders", "order"] } } },
    [["workloads.orders.credentials", /^must be a list$/], ["workloads.client.apiPermissions[0].application[0]", /exposes no app role "Orders.Rread" — did you mean "Orders.Read"/],
      ["workloads.client.secretReaders[1]", /^no workload "order" in this stack/]]],
  ["a workload whose expose is malformed: what others ask of it is not judged",
    { keyVault: VAULT, defaults: OWNERS, workloads: { orders: { expose: { appRoles: [{ value: "Orders.Read", displayName: 5 }] } }, client: { apiPermissions: [{ api: "orders", application: ["Orders.Read"] }], roles: UNKNOWN_ROLE } } },
    [["workloads.orders.expose.appRoles[0].displayName", /^must be a string$/], ownr("workloads.client.roles[0].role")]],
  ["a workload that is not a map: still a workload of the stack",
    { keyVault: VAULT, defaults: OWNERS, workloads: { orders: "orders-api", client: { apiPermissions: [{ api: "orders", application: ["Orders.Read"] }], secretReaders: ["orders", "order"] } } },
    [["workloads.orders", /^must be a map of fields$/], ["workloads.client.secretReaders[1]", /^no workload "order" in this stack/]]],
];

describe("a shape error hides no other problem (issue 12)", () => {
  it.each(CASES)("%s", (_what, manifest, expected, options = AT) => {
    const result = parseManifest(manifest, options);
    expect(result.manifest).toBeUndefined();
    expect(result.errors.map((e) => e.path).sort(), JSON.stringify(result.errors, null, 1)).toEqual(expected.map(([at]) => at).sort());
    for (const [at, message] of expected) expect(result.errors.find((e) => e.path === at)?.message).toMatch(message);
  });
});

const dir = mkdtempSync(path.join(tmpdir(), "hostile-shape-"));

/** Writes a stack file whose manifest is `manifest`, beside `base` (the location, or a generated stack's config). */
function stackFile(name: string, manifest: RawManifest, base: Record<string, unknown> = { "azure-native:location": "westeurope" }): string {
  const config: Record<string, unknown> = { ...base };
  for (const key of ["keyVault", "defaults", "workloads"] as const) if (manifest[key] !== undefined) config[`entra-workloads:${key}`] = manifest[key];
  const file = path.join(dir, `Pulumi.${name}.yaml`);
  writeFileSync(file, stringifyYaml({ config }));
  return file;
}

/** Every case above in one manifest: its workloads renamed apart, the broken keyVault and defaults of two cases. */
function everything(): { manifest: RawManifest; lines: [string, RegExp][] } {
  const workloads: Record<string, unknown> = {};
  const lines: [string, RegExp][] = [];
  CASES.forEach(([, manifest, expected], i) => {
    if (manifest.keyVault !== VAULT || manifest.defaults !== OWNERS) return;
    const rename = (name: string) => (manifest.workloads as Record<string, unknown>)[name] === undefined ? name : `w${i}-${name}`;
    const text = JSON.stringify(manifest.workloads).replace(/"(orders|client|app)"/g, (_m, name: string) => `"${rename(name)}"`);
    Object.assign(workloads, JSON.parse(text));
    for (const [at, message] of expected) lines.push([at.replace(/^workloads\.(orders|client|app)\b/, (_m, name: string) => `workloads.${rename(name)}`), message]);
  });
  lines.push(["keyVault.resourceGroupName", /^must be a string$/], ["keyVault.name", /^invalid Key Vault name "kv"/], ["defaults.owners", /^must be a list$/], ["defaults.location", /use "westeurope"/]);
  return { manifest: { keyVault: { name: "kv", resourceGroupName: 5, create: true }, defaults: { owners: OWNER, location: "West Europe" }, workloads }, lines };
}

/** The `path: message` lines of a plan's stderr. */
function problemLines(stderr: string): string[] {
  return stderr.split("\n").filter((line) => /^(workloads|keyVault|defaults)[.[]/.test(line));
}

function expectEveryProblem(stderr: string, lines: [string, RegExp][]): void {
  const printed = problemLines(stderr);
  expect(printed.map((line) => line.slice(0, line.indexOf(": "))).sort(), stderr).toEqual(lines.map(([at]) => at).sort());
  for (const [at, message] of lines) expect(printed.find((line) => line.startsWith(`${at}: `))?.slice(at.length + 2)).toMatch(message);
}

describe("npm run plan names every problem of a part with a shape error, and writes nothing (issue 12)", () => {
  it.each(CASES)("%s", async (what, manifest, expected, options = AT) => {
    const file = stackFile(`case-${CASES.findIndex(([w]) => w === what)}`, manifest, options.location === undefined ? {} : { "azure-native:location": options.location });
    const out = mkdtempSync(path.join(dir, "out-"));
    const result = await runCommand("plan", ["--stack-file", file, "--now", "2026-11-23", "--out", out]);
    expect(result.code, result.stderr).toBe(2);
    expectEveryProblem(result.stderr, expected);
    expect(readdirSync(out)).toEqual([]);
  });

  it("every case at once, in one stack", async () => {
    const { manifest, lines } = everything();
    const out = mkdtempSync(path.join(dir, "out-"));
    const result = await runCommand("plan", ["--stack-file", stackFile("everything", manifest), "--now", "2026-11-23", "--out", out]);
    expect(result.code, result.stderr).toBe(2);
    expectEveryProblem(result.stderr, lines);
    expect(readdirSync(out)).toEqual([]);
  });

  it("above 125 workloads (sharded) names the same problems as below", async () => {
    const { manifest, lines } = everything();
    const printed: string[][] = [];
    for (const count of [10, 130]) {
      const generated = (parseYaml(generateStack(count)) as { config: Record<string, unknown> }).config;
      const workloads = { ...(generated["entra-workloads:workloads"] as Record<string, unknown>), ...(manifest.workloads as Record<string, unknown>) };
      const file = stackFile(`generated-${count}`, { ...manifest, workloads }, generated);
      const out = mkdtempSync(path.join(dir, "out-"));
      const result = await runCommand("plan", ["--stack-file", file, "--now", "2026-11-23", "--out", out]);
      expect(result.code, result.stderr).toBe(2);
      expectEveryProblem(result.stderr, lines);
      expect(readdirSync(out)).toEqual([]);
      printed.push(problemLines(result.stderr));
    }
    expect(printed[1]).toEqual(printed[0]);
  }, 120_000);
});
