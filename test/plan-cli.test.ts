import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { PlanFile } from "../preview/plan/plan-file";
import { generateStack } from "../bench/generate";
import { runCommand, type CliResult } from "./support/cli";
import { ROOT } from "./support/program";

const out = () => mkdtempSync(path.join(tmpdir(), "plan-"));
const readPlan = (dir: string) => JSON.parse(readFileSync(path.join(dir, "plan.json"), "utf8")) as PlanFile;

describe("npm run plan on the dev stack", () => {
  let dir: string;
  let result: CliResult;
  let plan: PlanFile;
  beforeAll(async () => {
    dir = out();
    result = await runCommand("plan", ["--now", "2026-11-23", "--out", dir]);
    plan = readPlan(dir);
  });

  it("exits 0 and prints one row per workload, counts and policy results", () => {
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    for (const w of ["law-reader", "graph-daemon", "pat-manager", "metering-identity", "deploy-pipeline"]) expect(result.stdout).toContain(w);
    expect(result.stdout).toMatch(/total\s+│\s+98/);
    expect(result.stdout).toContain("Policies: 0 mandatory");
  });

  it("fits a 120-column terminal and cuts nothing off (subjects and scopes wrap, whole)", () => {
    for (const line of result.stdout.split("\n")) expect([...line].length, line).toBeLessThanOrEqual(120);
    expect(result.stdout).toContain("federated: repo:contoso/platform:environment:rotation");
    expect(result.stdout).toContain("Monitoring Metrics Publisher @ …virtualMachines/vm-app-dev");
  });

  it("writes plan.json with the ids that matter for S1–S5", () => {
    expect(plan).toMatchObject({ stack: "dev", project: "entra-workloads", generatedAt: "2026-11-23T00:00:00.000Z" });
    // Issue 17's advisory rules speak on dev (secrets, pipeline-preview's pull_request trust, the open vault); nothing is mandatory.
    expect(plan.violations.filter((v) => v.enforcement === "mandatory")).toEqual([]);
    expect(new Set(plan.violations.map((v) => v.policy))).toEqual(new Set(["no-client-secret", "federated-trust", "key-vault-network"]));
    const w = Object.fromEntries(plan.workloads.map((x) => [x.name, x]));
    expect(w["law-reader"].roleAssignments).toEqual([expect.objectContaining({ role: "Log Analytics Reader", roleDefinitionId: "73c42c96-874c-492b-b04d-ab87d138a893", privileged: false })]);
    expect(w["metrics-publisher"].roleAssignments[0]).toMatchObject({ roleDefinitionId: "3913510d-42f4-4e42-8a64-420c390055eb" });
    expect(w["graph-daemon"].apiPermissions).toEqual([expect.objectContaining({ api: "Microsoft Graph", apiAppId: "00000003-0000-0000-c000-000000000000", name: "User.Read.All", id: "df021288-bdef-4463-88db-98f22de89214", kind: "application", adminConsent: true, privilegeLevel: 3 })]);
    expect(w["metering-identity"]).toMatchObject({ kind: "managedIdentity", roleAssignments: [expect.objectContaining({ role: "Reader", roleDefinitionId: "acdd72a7-3385-48ef-bd42-f606fba81ae7" })] });
    expect(w["marketplace-metering"].tokenAudiences).toEqual([expect.objectContaining({ tokenResource: "20e940b3-4c77-4b0b-9a53-9e16a1b010a7" })]);
    expect(w["pat-manager"].apiPermissions).toContainEqual(expect.objectContaining({ api: "Azure DevOps", apiAppId: "499b84ac-1321-427f-aa17-267ca6975798", name: "user_impersonation", kind: "delegated" }));
    expect(w["deploy-pipeline"].credentials.map((c) => c.type)).toEqual(["federated", "federated"]);
  });

  it("records the dependency graph: dependsOn by outputs used, critical path of 4", () => {
    const ra = plan.resources.find((r) => r.name.startsWith("law-reader-ra-"));
    const sp = plan.resources.find((r) => r.name === "law-reader-sp");
    const app = plan.resources.find((r) => r.name === "law-reader-app");
    expect(ra?.dependsOn).toEqual([sp?.urn]);
    expect(sp?.dependsOn).toEqual([app?.urn]);
    // orders-api-app's application → shop-web's application (it requests the API by client id) → its service
    // principal → the delegated grant of Orders.Browse.
    expect(plan.summary.criticalPath).toBe(4);
    expect(plan.summary.resources).toBe(plan.resources.length);
  });

  it("masks every secret input and never writes a secret value", () => {
    const kv = plan.resources.find((r) => r.name === "law-reader-kv-client-secret");
    expect((kv?.inputs.properties as Record<string, unknown>).value).toBe("[secret]");
    const cert = plan.resources.find((r) => r.name === "graph-daemon-cert-blue-cert");
    expect(cert?.inputs.privateKeyPem).toBe("[secret]");
    const files = readFileSync(path.join(dir, "plan.json"), "utf8") + readFileSync(path.join(dir, "access-report.md"), "utf8") + result.stdout;
    // The simulator's password values and PEM bodies: none may appear anywhere.
    expect(files).not.toMatch(/sim[0-9A-Za-z]{2}~|BEGIN [A-Z ]*PRIVATE KEY|BEGIN CERTIFICATE/);
  });

  it("writes an access report with each workload, the findings and the totals", () => {
    const report = readFileSync(path.join(dir, "access-report.md"), "utf8");
    expect(report).toMatch(/^# Access review: stack `dev`/);
    expect(report).toContain("### pat-manager — application");
    expect(report).toContain("| Microsoft Graph | `User.Read.All` | application | 3/5 | granted as code |");
    expect(report).toContain("## Policy findings");
    expect(report).not.toContain("**mandatory**");
    expect(report).toContain("## Totals");
  });

  it("is byte-identical when run again with the same --now", async () => {
    const again = out();
    expect((await runCommand("plan", ["--now", "2026-11-23", "--out", again])).code).toBe(0);
    for (const f of ["plan.json", "access-report.md"]) expect(readFileSync(path.join(again, f), "utf8")).toBe(readFileSync(path.join(dir, f), "utf8"));
  });
});

describe("npm run plan on fixtures", () => {
  it("exits 2 on an invalid manifest, prints every problem as path: message, writes nothing", async () => {
    const dir = out();
    const r = await runCommand("plan", ["--stack-file", "test/fixtures/stacks/Pulumi.invalid.yaml", "--now", "2026-11-23", "--out", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n").filter((l) => l.startsWith("workloads."))).toEqual([
      expect.stringMatching(/^workloads\.graph-daemon\.apiPermissions\[0\]\.application\[0\]: unknown Microsoft Graph application permission "User.Read.Al" — did you mean "User.Read.All"/),
      expect.stringMatching(/^workloads\.graph-daemon\.roles\[0\]\.role: unknown Azure built-in role "Monitoring Metric Publisher"/),
      expect.stringMatching(/^workloads\.graph-daemon\.roles\[0\]\.scope: scope "rg-app" is not an ARM id/),
    ]);
    expect(existsSync(path.join(dir, "plan.json"))).toBe(false);
    expect(r.stdout).toBe("");
  });

  it("exits 1 when a mandatory policy fails, with Owner, Directory.ReadWrite.All and the long secret in plan.json and the report", async () => {
    const dir = out();
    const r = await runCommand("plan", ["--stack-file", "test/fixtures/stacks/Pulumi.risky.yaml", "--now", "2026-11-23", "--out", dir]);
    expect(r.code).toBe(1);
    const plan = readPlan(dir);
    expect(plan.stack).toBe("risky");
    const mandatory = plan.violations.filter((v) => v.enforcement === "mandatory");
    expect(new Set(mandatory.map((v) => v.policy))).toEqual(new Set(["privileged-role-assignment", "privileged-graph-permission", "no-client-secret", "secret-lifetime"]));
    expect(mandatory.find((v) => v.policy === "privileged-role-assignment")?.message).toContain("Owner");
    expect(mandatory.find((v) => v.policy === "privileged-graph-permission")?.message).toContain("Directory.ReadWrite.All");
    for (const v of plan.violations.filter((x) => x.policy !== "key-vault-network")) expect(v.workload).toBe("god-mode"); // the vault is no workload's
    for (const line of r.stdout.split("\n")) expect([...line].length, line).toBeLessThanOrEqual(120);
    const report = readFileSync(path.join(dir, "access-report.md"), "utf8");
    expect(report).toMatch(/\| \*\*mandatory\*\* ❌ \| privileged-role-assignment \| god-mode \|/);
    expect(report).toContain("**yes** ⚠️");
  });

  it("carries the admin-consent URL and grants nothing when adminConsent is false", async () => {
    const dir = out();
    expect((await runCommand("plan", ["--stack-file", "test/fixtures/stacks/Pulumi.consent-pending.yaml", "--now", "2026-11-23", "--out", dir])).code).toBe(0);
    const plan = readPlan(dir);
    expect(plan.resources.filter((r) => r.type.includes("appRoleAssignment"))).toEqual([]);
    const [w] = plan.workloads;
    expect(w.adminConsentUrl).toMatch(/^https:\/\/login\.microsoftonline\.com\/[0-9a-f-]{36}\/adminconsent\?client_id=[0-9a-f-]{36}$/);
    expect(w.apiPermissions[0].adminConsent).toBe(false);
    expect(plan.resources.some((r) => r.type === "azure-native:keyvault:Vault")).toBe(false);
  });

  it("shows progress on stderr for more than 100 workloads, and none for fewer", async () => {
    const dir = out();
    const stackFile = path.join(dir, "Pulumi.large.yaml");
    writeFileSync(stackFile, generateStack(101));
    const r = await runCommand("plan", ["--stack-file", stackFile, "--now", "2026-11-23", "--out", dir]);
    expect(r.code).toBeLessThanOrEqual(1);
    // Plain lines off a terminal, each with a percentage of a total that is right: the last one is 100%, never over.
    const lines = r.stderr.split("\n").filter((l) => l.startsWith("planning"));
    for (const line of lines) expect(line).toMatch(/^planning 101 workloads: \d{1,3}% \([\d,]+ of [\d,]+ resources\)$/);
    expect(lines.at(-1)).toMatch(/: 100% \(([\d,]+) of \1 resources\)$/);
    expect((await runCommand("plan", ["--stack-file", "test/fixtures/stacks/Pulumi.consent-pending.yaml", "--now", "2026-11-23", "--out", out()])).stderr).not.toContain("planning");
  });

  it("exits 2 with the manifest's own message when workloads is a word, not a map (no JSON parser error)", async () => {
    const r = await runCommand("plan", ["--stack-file", "test/fixtures/stacks/Pulumi.scalar-workloads.yaml", "--now", "2026-11-23", "--out", out()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("workloads: must be a map of workload name → settings, not a list or a value");
    expect(r.stderr).not.toContain("JSON");
  });

  it("exits 3 when the tenant would refuse a resource the manifest allows (--tenant: the owner is a group), naming the resource and Azure's code, writing nothing", async () => {
    const dir = out();
    const r = await runCommand("plan", ["--tenant", "test/fixtures/tenants/owner-is-a-group.json", "--now", "2026-11-23", "--out", dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^law-reader-app \[azuread:index\/application:Application\]: Request_BadRequest: The reference target 'Group_6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0' of type 'Group' is invalid for the 'owners' reference/m);
    expect(r.stderr).toContain("Azure would reject 8 resource(s)");
    expect(r.stderr).not.toContain("promises were still active");
    expect(existsSync(path.join(dir, "plan.json"))).toBe(false);
  });

  it("fails with a one-line cause, not a stack trace, on a missing stack file or a bad flag", async () => {
    const missing = await runCommand("plan", ["--stack", "nope"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    expect(missing.stderr).toContain('no stack "nope" (stacks/Pulumi.nope.yaml does not exist)');
    expect(missing.stderr).toContain("Stacks: dev, prod");
    const badNow = await runCommand("plan", ["--now", "yesterday"]);
    expect(badNow.code).toBe(2);
    expect(badNow.stderr).toContain("option '--now <iso-8601>' argument 'yesterday' is invalid. expected an ISO-8601 date");
  });

  it("exits 2 on a policy pack config it cannot use, naming the rule meant", async () => {
    const dir = out();
    const file = path.join(dir, "policy-config.json");
    writeFileSync(file, JSON.stringify({ "secret-lifetme": "advisory" }));
    const r = await runCommand("plan", ["--policy-config", file, "--now", "2026-11-23", "--out", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('secret-lifetme: unknown rule — did you mean "secret-lifetime"');
    expect(existsSync(path.join(dir, "plan.json"))).toBe(false);
  });

  it("exits 2 on a tenant file it cannot use, naming the file and every bad key, before planning", async () => {
    const dir = out();
    const file = path.join(dir, "tenant.json");
    writeFileSync(file, JSON.stringify({ directoryObjects: [{ objectId: "not-a-guid", type: "Team" }], vaults: [] }));
    const r = await runCommand("plan", ["--tenant", file, "--out", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--tenant ${file}: 3 problems:\n  directoryObjects[0].objectId: must be a GUID\n  directoryObjects[0].type: is "Team"`);
    expect(r.stderr).toContain("has fields it may not have (vaults)");
    expect(existsSync(path.join(dir, "plan.json"))).toBe(false);
  });
});

describe("npm run plan as a command line", () => {
  it("--help prints the options and the exit codes, exit 0", async () => {
    const r = await runCommand("plan", ["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: npm run plan -- \[options\]/);
    for (const flag of ["--stack <name>", "--stack-file <path>", "--out <dir>", "--now <iso-8601>", "--tenant <file>", "--debug"]) expect(r.stdout).toContain(flag);
    expect(r.stdout).toMatch(/Exit codes:\n\s+0 .*\n\s+1 .*mandatory policy[\s\S]*\n\s+70 /);
  });

  it("names the flag meant and the stack meant (did you mean), exit 2", async () => {
    const flag = await runCommand("plan", ["--stak", "prod"]);
    expect(flag).toMatchObject({ code: 2, stdout: "" });
    expect(flag.stderr).toBe("plan: unknown option '--stak' (did you mean --stack?); see npm run plan -- --help\n");
    const stack = await runCommand("plan", ["--stack", "prdo"]);
    expect(stack.code).toBe(2);
    expect(stack.stderr).toContain('no stack "prdo" (stacks/Pulumi.prdo.yaml does not exist) — did you mean "prod"? Stacks: dev, prod');
    expect((await runCommand("plan", ["--stack", "dev", "--stack-file", "x.yaml"])).stderr).toMatch(/cannot be used with/);
  });

  it("takes paths relative to where the user stands (cd stacks && npm run plan -- --stack-file Pulumi.dev.yaml)", async () => {
    const out = mkdtempSync(path.join(tmpdir(), "plan-cwd-"));
    const r = await runCommand("plan", ["--stack-file", "Pulumi.prod.yaml", "--now", "2026-11-23", "--out", out], { cwd: path.join(ROOT, "stacks") });
    expect(r.code, r.stderr).toBe(0);
    expect(readPlan(out).stack).toBe("prod");
    const relative = await runCommand("plan", ["--stack-file", "Pulumi.prod.yaml", "--now", "2026-11-23", "--out", "../plan-output-cwd-test"], { cwd: path.join(ROOT, "stacks") });
    expect(relative.stdout).toContain("Wrote ../plan-output-cwd-test/plan.json");
    expect(existsSync(path.join(ROOT, "plan-output-cwd-test", "plan.json"))).toBe(true);
    rmSync(path.join(ROOT, "plan-output-cwd-test"), { recursive: true });
  });

  it("shows a YAML error with its line, column and the offending source line, never cut off", async () => {
    const dir = out();
    const file = path.join(dir, "Pulumi.broken.yaml");
    writeFileSync(file, "config:\n  entra-workloads:workloads:\n    app:\n      credentials: [{ type: secret }\n    other: {}\n");
    const r = await runCommand("plan", ["--stack-file", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:5:5: Flow sequence in block collection must be sufficiently indented and end with a ]`);
    expect(r.stderr).toContain("      credentials: [{ type: secret }");
    expect(r.stderr).toMatch(/\n\s+\^\n/);
  });

  it("on a terminal, progress is one line redrawn in place with a percentage, ended once", async () => {
    const dir = out();
    const stackFile = path.join(dir, "Pulumi.tty.yaml");
    writeFileSync(stackFile, generateStack(12));
    const r = await runCommand("plan", ["--stack-file", stackFile, "--now", "2026-11-23", "--out", dir], { stderrIsTTY: true });
    expect(r.code).toBeLessThanOrEqual(1);
    expect(r.stderr.split("\n").filter((l) => l !== "")).toHaveLength(1);
    const frames = r.stderr.split("\r\x1b[2K").filter((f) => f !== "");
    expect(frames.at(-1)).toMatch(/^planning 12 workloads: 100% \(([\d,]+) of \1 resources\)\n$/);
  });
});
