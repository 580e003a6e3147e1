import { describe, expect, it } from "vitest";
import { diffPlans } from "../../preview/diff";
import { renderAccessReport } from "../../preview/report/access-report";
import { RESOLVED_AT_DEPLOY_TIME } from "../../model/exposed-api";
import type { WorkloadSummary } from "../../model/summary";
import { plan, workload } from "../gitops/fixtures";
import { ofType, OWNERS, runManifest, T, VAULT } from "../support/program";

const IN_HOUSE = "0b8e6e4a-1c3d-4f5a-9b7c-2d1e0f9a8b7c";
const OUTSIDE = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

describe("an in-house API given by application id", () => {
  it("plans, its permissions resolved at deploy time", async () => {
    const run = await runManifest({
      keyVault: VAULT, defaults: OWNERS,
      workloads: { reporting: { credentials: [{ type: "secret" }], apiPermissions: [{ api: IN_HOUSE, application: ["Reports.Read"], delegated: ["Reports.Browse"] }] } },
    });
    expect(run.error, String(run.error)).toBeUndefined();
    expect(run.failures).toEqual([]);
    const [assignment] = ofType(run, T.appRoleAssignment);
    expect(assignment.inputs.appRoleId).toBe(RESOLVED_AT_DEPLOY_TIME);
    const summary = (run.outputs.workloads as Record<string, WorkloadSummary>).reporting;
    expect(summary.apiPermissions.map((p) => [p.name, p.resolvedAtDeploy])).toEqual([["Reports.Read", true], ["Reports.Browse", true]]);
    const report = renderAccessReport(plan([workload("reporting", { apiPermissions: summary.apiPermissions })]));
    expect(report).toMatch(/\| `Reports.Read` \| application \| resolved at deploy time \|/);
  });
});

describe("secret readers in review", () => {
  const reader = { reader: OUTSIDE, principalType: "Group" as const, workload: false, secrets: ["shop-web-client-id", "shop-web-client-secret"] };
  const base = plan([workload("shop-web", { keyVaultSecrets: reader.secrets })]);
  const head = plan([workload("shop-web", { keyVaultSecrets: reader.secrets, secretReaders: [reader] })]);

  it("the access diff treats a new reader as an escalation, per secret; a removed one is not", () => {
    const diff = diffPlans(base, head);
    expect(diff.changes.map((c) => [c.kind, c.change, c.item, c.escalation])).toEqual([
      ["secretReader", "added", `${OUTSIDE} reads shop-web-client-id`, true],
      ["secretReader", "added", `${OUTSIDE} reads shop-web-client-secret`, true],
    ]);
    expect(diffPlans(head, base).changes.every((c) => !c.escalation)).toBe(true);
  });

  it("the report shows, per secret, who can read it", () => {
    const report = renderAccessReport(head);
    expect(report).toContain("**Who can read its secrets**");
    expect(report).toContain(`| \`shop-web-client-secret\` | Group \`${OUTSIDE}\` |`);
  });
});
