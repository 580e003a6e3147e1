import { describe, expect, it } from "vitest";
import { MICROSOFT_GRAPH_APP_ID } from "../../model/catalog";
import { diffPlans, escalationReasons, renderMarkdown } from "../../preview/diff";
import type { PlanFile, PlanWorkload } from "../../preview/plan/plan-file";

const GRAPH = MICROSOFT_GRAPH_APP_ID;
const permission = (name: string, tier0: boolean, privilegeLevel: number) =>
  ({ api: "Microsoft Graph", apiAppId: GRAPH, kind: "application" as const, name, id: null, privilegeLevel, adminConsent: true, ...(tier0 ? { tier0: true } : {}) });
const workload = (name: string, apiPermissions: PlanWorkload["apiPermissions"], roles: PlanWorkload["roleAssignments"] = []): PlanWorkload =>
  ({ name, kind: "application", credentials: [], apiPermissions, roleAssignments: roles, tokenAudiences: [], keyVaultSecrets: [] });
const plan = (workloads: PlanWorkload[]): PlanFile =>
  ({ formatVersion: 1, stack: "dev", project: "entra-workloads", generatedAt: "2026-11-23T00:00:00.000Z", resources: [], workloads, violations: [], summary: { resources: 0, byType: {}, criticalPath: 0 } });

describe("the access diff lists a new tier-0 permission first", () => {
  it("puts the tier-0 escalation before the others, naming it", () => {
    const base = plan([workload("a-reader", []), workload("z-admin", [])]);
    const head = plan([
      workload("a-reader", [permission("User.Read.All", false, 3)], [{ role: "Reader", roleDefinitionId: "r", scope: "/subscriptions/s", privileged: false }]),
      workload("z-admin", [permission("RoleManagement.ReadWrite.Directory", true, 5)]),
    ]);
    const diff = diffPlans(base, head);
    const tier0 = diff.changes.find((c) => c.item.includes("RoleManagement.ReadWrite.Directory"));
    expect(tier0 && escalationReasons(tier0).map((r) => r.id)).toContain("new-tier0-permission");
    const markdown = renderMarkdown(diff);
    const escalations = markdown.slice(markdown.indexOf("#### ⚠️ Escalations")).split("\n").filter((l) => l.startsWith("- "));
    expect(escalations[0]).toContain("RoleManagement.ReadWrite.Directory");
    expect(escalations[0]).toContain("TIER 0");
    expect(escalations.length).toBeGreaterThan(1);
  });
});
