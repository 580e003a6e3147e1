import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { PlanFile } from "../preview/plan/plan-file";
import { generateStack } from "../bench/generate";
import { runCli, type CliResult } from "./support/cli";

const out = () => mkdtempSync(path.join(tmpdir(), "plan-"));
const readPlan = (dir: string) => JSON.parse(readFileSync(path.join(dir, "plan.json"), "utf8")) as PlanFile;

describe("npm run plan on the dev stack", () => {
  let dir: string;
  let result: CliResult;
  let plan: PlanFile;
  beforeAll(() => {
    dir = out();
    result = runCli("cli/commands/plan.ts", ["--now", "2026-11-23", "--out", dir]);
    plan = readPlan(dir);
  });

  it("exits 0 and prints one row per workload, counts and policy results", () => {
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    for (const w of ["law-reader", "graph-daemon", "pat-manager", "metering-identity", "deploy-pipeline"]) expect(result.stdout).toContain(w);
    expect(result.stdout).toMatch(/total\s+│\s+72/);
    expect(result.stdout).toContain("Policies: 0 mandatory");
  });

  it("writes plan.json with the ids that matter for S1–S5", () => {
    expect(plan).toMatchObject({ stack: "dev", project: "entra-workloads", generatedAt: "2026-11-23T00:00:00.000Z", violations: [] });
    const w = Object.fromEntries(plan.workloads.map((x) => [x.name, x]));
    expect(w["law-reader"].roleAssignments).toEqual([expect.objectContaining({ role: "Log Analytics Reader", roleDefinitionId: "73c42c96-874c-492b-b04d-ab87d138a893", privileged: false })]);
    expect(w["metrics-publisher"].roleAssignments[0]).toMatchObject({ roleDefinitionId: "3913510d-42f4-4e42-8a64-420c390055eb" });
    expect(w["graph-daemon"].apiPermissions).toEqual([expect.objectContaining({ api: "Microsoft Graph", apiAppId: "00000003-0000-0000-c000-000000000000", name: "User.Read.All", id: "df021288-bdef-4463-88db-98f22de89214", kind: "application", adminConsent: true, privilegeLevel: 3 })]);
    expect(w["metering-identity"]).toMatchObject({ kind: "managedIdentity", roleAssignments: [expect.objectContaining({ role: "Reader", roleDefinitionId: "acdd72a7-3385-48ef-bd42-f606fba81ae7" })] });
    expect(w["marketplace-metering"].tokenAudiences).toEqual([expect.objectContaining({ tokenResource: "20e940b3-4c77-4b0b-9a53-9e16a1b010a7" })]);
    expect(w["pat-manager"].apiPermissions).toContainEqual(expect.objectContaining({ api: "Azure DevOps", apiAppId: "499b84ac-1321-427f-aa17-267ca6975798", name: "user_impersonation", kind: "delegated" }));
    expect(w["deploy-pipeline"].credentials.map((c) => c.type)).toEqual(["federated", "federated"]);
  });

  it("records the dependency graph: dependsOn by outputs used, critical path of 3", () => {
    const ra = plan.resources.find((r) => r.name.startsWith("law-reader-ra-"));
    const sp = plan.resources.find((r) => r.name === "law-reader-sp");
    const app = plan.resources.find((r) => r.name === "law-reader-app");
    expect(ra?.dependsOn).toEqual([sp?.urn]);
    expect(sp?.dependsOn).toEqual([app?.urn]);
    expect(plan.summary.criticalPath).toBe(3);
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
    expect(report).toContain("## Policy findings\n\nNo policy finding.");
    expect(report).toContain("## Totals");
  });

  it("is byte-identical when run again with the same --now", () => {
    const again = out();
    expect(runCli("cli/commands/plan.ts", ["--now", "2026-11-23", "--out", again]).code).toBe(0);
    for (const f of ["plan.json", "access-report.md"]) expect(readFileSync(path.join(again, f), "utf8")).toBe(readFileSync(path.join(dir, f), "utf8"));
  });
});

describe("npm run plan on fixtures", () => {
  it("exits 2 on an invalid manifest, prints every problem as path: message, writes nothing", () => {
    const dir = out();
    const r = runCli("cli/commands/plan.ts", ["--stack-file", "test/fixtures/stacks/Pulumi.invalid.yaml", "--now", "2026-11-23", "--out", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n").filter((l) => l.startsWith("workloads."))).toEqual([
      expect.stringMatching(/^workloads\.graph-daemon\.apiPermissions\[0\]\.application\[0\]: unknown Microsoft Graph application permission "User.Read.Al" — did you mean "User.Read.All"/),
      expect.stringMatching(/^workloads\.graph-daemon\.roles\[0\]\.role: unknown Azure built-in role "Monitoring Metric Publisher"/),
      expect.stringMatching(/^workloads\.graph-daemon\.roles\[0\]\.scope: scope "rg-app" is not an ARM id/),
    ]);
    expect(existsSync(path.join(dir, "plan.json"))).toBe(false);
    expect(r.stdout).toBe("");
  });

  it("exits 1 when a mandatory policy fails, with Owner, Directory.ReadWrite.All and the long secret in plan.json and the report", () => {
    const dir = out();
    const r = runCli("cli/commands/plan.ts", ["--stack-file", "test/fixtures/stacks/Pulumi.risky.yaml", "--now", "2026-11-23", "--out", dir]);
    expect(r.code).toBe(1);
    const plan = readPlan(dir);
    expect(plan.stack).toBe("risky");
    const mandatory = plan.violations.filter((v) => v.enforcement === "mandatory");
    expect(new Set(mandatory.map((v) => v.policy))).toEqual(new Set(["privileged-role-assignment", "privileged-graph-permission", "secret-lifetime"]));
    expect(mandatory.find((v) => v.policy === "privileged-role-assignment")?.message).toContain("Owner");
    expect(mandatory.find((v) => v.policy === "privileged-graph-permission")?.message).toContain("Directory.ReadWrite.All");
    for (const v of plan.violations) expect(v.workload).toBe("god-mode");
    const report = readFileSync(path.join(dir, "access-report.md"), "utf8");
    expect(report).toMatch(/\| \*\*mandatory\*\* ❌ \| privileged-role-assignment \| god-mode \|/);
    expect(report).toContain("**yes** ⚠️");
  });

  it("carries the admin-consent URL and grants nothing when adminConsent is false", () => {
    const dir = out();
    expect(runCli("cli/commands/plan.ts", ["--stack-file", "test/fixtures/stacks/Pulumi.consent-pending.yaml", "--now", "2026-11-23", "--out", dir]).code).toBe(0);
    const plan = readPlan(dir);
    expect(plan.resources.filter((r) => r.type.includes("appRoleAssignment"))).toEqual([]);
    const [w] = plan.workloads;
    expect(w.adminConsentUrl).toMatch(/^https:\/\/login\.microsoftonline\.com\/[0-9a-f-]{36}\/adminconsent\?client_id=[0-9a-f-]{36}$/);
    expect(w.apiPermissions[0].adminConsent).toBe(false);
    expect(plan.resources.some((r) => r.type === "azure-native:keyvault:Vault")).toBe(false);
  });

  it("shows progress on stderr for more than 100 workloads, and none for fewer", () => {
    const dir = out();
    const stackFile = path.join(dir, "Pulumi.large.yaml");
    writeFileSync(stackFile, generateStack(101));
    const r = runCli("cli/commands/plan.ts", ["--stack-file", stackFile, "--now", "2026-11-23", "--out", dir]);
    expect(r.code).toBeLessThanOrEqual(1);
    expect(r.stderr).toMatch(/^planning 101 workloads: \d+ resources registered$/m);
    expect(runCli("cli/commands/plan.ts", ["--stack-file", "test/fixtures/stacks/Pulumi.consent-pending.yaml", "--now", "2026-11-23", "--out", out()]).stderr).not.toContain("planning");
  });

  it("exits 2 with the manifest's own message when workloads is a word, not a map (no JSON parser error)", () => {
    const r = runCli("cli/commands/plan.ts", ["--stack-file", "test/fixtures/stacks/Pulumi.scalar-workloads.yaml", "--now", "2026-11-23", "--out", out()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("workloads: must be a map of workload name → settings, not a list or a value");
    expect(r.stderr).not.toContain("JSON");
  });

  it("exits 3 when the tenant would refuse a resource the manifest allows (--tenant: the owner is a group), naming the resource and Azure's code, writing nothing", () => {
    const dir = out();
    const r = runCli("cli/commands/plan.ts", ["--tenant", "test/fixtures/tenants/owner-is-a-group.json", "--now", "2026-11-23", "--out", dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^law-reader-app \[azuread:index\/application:Application\]: Request_BadRequest: The reference target 'Group_6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0' of type 'Group' is invalid for the 'owners' reference/m);
    expect(r.stderr).toContain("Azure would reject 7 resource(s)");
    expect(r.stderr).not.toContain("promises were still active");
    expect(existsSync(path.join(dir, "plan.json"))).toBe(false);
  });

  it("fails with a one-line cause, not a stack trace, on a missing stack file or a bad flag", () => {
    const missing = runCli("cli/commands/plan.ts", ["--stack", "nope"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    expect(missing.stderr).toContain("cannot read stack file stacks/Pulumi.nope.yaml");
    const badNow = runCli("cli/commands/plan.ts", ["--now", "yesterday"]);
    expect(badNow.code).toBe(2);
    expect(badNow.stderr).toContain("--now:");
  });

  it("exits 2 on a tenant file it cannot use, naming the file and every bad key, before planning", () => {
    const dir = out();
    const file = path.join(dir, "tenant.json");
    writeFileSync(file, JSON.stringify({ directoryObjects: [{ objectId: "not-a-guid", type: "Team" }], vaults: [] }));
    const r = runCli("cli/commands/plan.ts", ["--tenant", file, "--out", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--tenant ${file}: directoryObjects.0.objectId: must be a GUID; directoryObjects.0.type:`);
    expect(r.stderr).toContain('Unrecognized key: "vaults"');
    expect(existsSync(path.join(dir, "plan.json"))).toBe(false);
  });
});
