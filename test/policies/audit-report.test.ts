import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { PlanFile } from "../../preview/plan/plan-file";
import { runCommand } from "../support/cli";

const dir = mkdtempSync(path.join(tmpdir(), "audit-report-"));
const read = (out: string) => ({
  plan: JSON.parse(readFileSync(path.join(out, "plan.json"), "utf8")) as PlanFile,
  report: readFileSync(path.join(out, "access-report.md"), "utf8"),
});

describe("the report an auditor signs", () => {
  let dev: ReturnType<typeof read>;
  let risky: ReturnType<typeof read>;
  beforeAll(async () => {
    expect((await runCommand("plan", ["--now", "2026-11-23", "--out", path.join(dir, "dev")])).code).toBe(0);
    expect((await runCommand("plan", ["--stack-file", "test/fixtures/stacks/Pulumi.risky.yaml", "--now", "2026-11-23", "--out", path.join(dir, "risky")])).code).toBe(1);
    dev = read(path.join(dir, "dev"));
    risky = read(path.join(dir, "risky"));
  });

  it("marks tier-0 permissions in plan.json and with a badge and a legend in the report", () => {
    const god = risky.plan.workloads.find((w) => w.name === "god-mode");
    expect(god?.apiPermissions.find((p) => p.name === "Directory.ReadWrite.All")?.tier0).toBe(true);
    expect(dev.plan.workloads.flatMap((w) => w.apiPermissions).some((p) => p.tier0 === true)).toBe(false);
    expect(risky.report).toMatch(/\| `Directory\.ReadWrite\.All` \| application \| \d\/5( ⚠️)? \*\*TIER 0\*\* 🛑 \|/);
    expect(risky.report).toContain("**TIER 0** 🛑 marks a Microsoft Graph permission with a known path to Global Administrator");
  });

  it("opens with a summary table: workloads × privileged / secret-based / earliest expiry / waivers in force", () => {
    expect(risky.report).toMatch(/## Summary\n\n\| workload \| privileged \| secret-based \| earliest expiry \| waivers in force \|/);
    expect(risky.report).toMatch(/\| god-mode \| \*\*yes\*\* ⚠️ \| \*\*yes\*\* \| \d{4}-\d{2}-\d{2} \| — \|/);
    expect(dev.report).toMatch(/\| deploy-pipeline \| no \| no \| — \| — \|/);
  });

  it("lists per workload the simulated ids, owners, sign-in audience, redirect URIs, trusts with audiences and who a delegated grant covers", () => {
    const pat = dev.plan.workloads.find((w) => w.name === "pat-manager")?.audit;
    expect(pat).toMatchObject({ displayName: "pat-manager-dev", signInAudience: "AzureADMyOrg", redirectUris: [{ platform: "web", uri: "https://pat.contoso.com/getAToken" }] });
    expect(pat?.owners.length).toBeGreaterThan(0);
    expect(pat?.delegatedGrants.every((g) => g.covers === "all users in the tenant")).toBe(true);
    const preview = dev.plan.workloads.find((w) => w.name === "pipeline-preview")?.audit;
    expect(preview?.federatedTrusts).toEqual([expect.objectContaining({ subject: "repo:contoso/platform:pull_request", audiences: ["api://AzureADTokenExchange"] })]);
    expect(dev.report).toContain("**Identity** (ids simulated offline; the real ones exist after `pulumi up`): `pat-manager-dev`");
    expect(dev.report).toMatch(/\*\*Delegated grant\*\* `pat-manager-consent-microsoft-graph-delegated`: .* on behalf of \*\*all users in the tenant\*\*/);
    expect(dev.report).toContain("**Redirect URIs**: `https://pat.contoso.com/getAToken` (web)");
  });
});

describe("manifest warnings", () => {
  it("go to plan.json (the workload's audit block) and the report, not to stderr alone", async () => {
    const stackFile = path.join(dir, "Pulumi.warned.yaml");
    writeFileSync(stackFile, [
      "config:",
      "  azure-native:location: westeurope",
      "  entra-workloads:keyVault: { name: kv-warned, resourceGroupName: rg-identity, create: true }",
      '  entra-workloads:defaults: { owners: ["6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"] }',
      "  entra-workloads:workloads:",
      "    portal:",
      "      credentials: [{ type: certificate }]",
      "      web: { redirectUris: [https://portal.contoso.com/signin-oidc], appRoleAssignmentRequired: true }",
    ].join("\n"));
    const out = path.join(dir, "warned");
    const r = await runCommand("plan", ["--stack-file", stackFile, "--now", "2026-11-23", "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const { plan, report } = read(out);
    const warning = "workloads.portal.web.appRoleAssignmentRequired: is true but web.assignments is empty: nobody can sign in until a user or group is assigned";
    expect(plan.workloads.find((w) => w.name === "portal")?.audit?.warnings).toEqual([warning]);
    expect(report).toContain(`**Manifest warning**: ${warning}`);
  });
});
