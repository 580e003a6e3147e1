import Table from "cli-table3";
import type { PlanFile, PlanWorkload } from "../plan/plan-file";
import { day } from "./markdown";

function credentials(w: PlanWorkload): string {
  if (w.credentials.length === 0) return w.kind === "managedIdentity" ? "platform (IMDS)" : "none";
  return w.credentials
    .filter((c) => c.type === "federated" || c.newest)
    .map((c) => (c.type === "federated" ? `federated ${c.subject ?? ""}` : `${c.type} until ${day(c.endDate)} (+previous)`))
    .join("\n");
}

const permissions = (w: PlanWorkload) =>
  w.apiPermissions.map((p) => `${p.api === "Microsoft Graph" ? "Graph" : p.api} ${p.name} (${p.kind}${p.adminConsent ? "" : ", consent pending"})`).join("\n") || "—";

const roles = (w: PlanWorkload) =>
  w.roleAssignments.map((r) => `${r.role}${r.privileged ? " [privileged]" : ""} @ …${r.scope.split("/").slice(-2).join("/")}`).join("\n") || "—";

/** The short human summary `npm run plan` prints: one row per workload, resource counts, policy results. */
export function renderSummary(plan: PlanFile): string {
  const workloads = new Table({ head: ["workload", "kind", "credentials", "API permissions", "Azure roles"], style: { head: [], border: [], compact: true } });
  for (const w of plan.workloads) workloads.push([w.name, w.kind === "application" ? "app" : "identity", credentials(w), permissions(w), roles(w)]);
  const counts = new Table({ head: ["resource type", "count"], style: { head: [], border: [], compact: true } });
  for (const [type, n] of Object.entries(plan.summary.byType)) counts.push([type, n]);
  counts.push(["total", plan.summary.resources]);
  const mandatory = plan.violations.filter((v) => v.enforcement === "mandatory");
  const advisory = plan.violations.filter((v) => v.enforcement === "advisory");
  const findings = [...mandatory, ...advisory].map((v) => `  ${v.enforcement === "mandatory" ? "✖" : "!"} ${v.policy}: ${v.message}`);
  return [
    `Stack ${plan.stack} at ${day(plan.generatedAt)}: ${plan.workloads.length} workloads`,
    workloads.toString(),
    counts.toString(),
    `Longest chain of dependent Azure calls: ${plan.summary.criticalPath}`,
    `Policies: ${mandatory.length} mandatory, ${advisory.length} advisory finding(s)`,
    ...findings,
  ].join("\n");
}
