import { markdownCell, markdownCode, markdownInline } from "../text-escape";
import type { DriftReport } from "./drift";

/** One line saying what the drift check found. */
export function driftHeadline(report: DriftReport): string {
  const extra = report.findings.filter((f) => f.change === "extra").length;
  const missing = report.findings.length - extra;
  if (report.findings.length === 0) return `No drift in stack ${report.stack}: the tenant holds what the plan declares for ${report.matched.length} workload(s).`;
  const escalations = report.findings.filter((f) => f.escalation).length;
  return `Drift in stack ${report.stack}: ${extra} extra, ${missing} missing (${escalations} giving more access than declared).`;
}

/** The drift report as Markdown (an issue body in the rotation workflow). */
export function renderDrift(report: DriftReport): string {
  const lines = [`## Tenant drift: ${markdownCode(report.stack)}`, "", `**${markdownInline(driftHeadline(report))}**`, ""];
  if (report.findings.length > 0) {
    lines.push("| | Workload | Kind | Change | Detail |", "|---|---|---|---|---|");
    for (const f of report.findings) {
      lines.push(`| ${f.escalation ? "⚠️" : ""} | ${[f.workload, f.kind, f.change, f.detail].map(markdownCell).join(" | ")} |`);
    }
    lines.push("");
  }
  if (report.expiring.length > 0) {
    lines.push("### Unmanaged credentials ending soon", "", "| Application | Type | Name | Ends | Workload |", "|---|---|---|---|---|");
    for (const c of report.expiring) lines.push(`| ${[`${c.application} (${c.appId})`, c.type, c.name, c.endDateTime.slice(0, 10), c.workload ?? "not managed"].map(markdownCell).join(" | ")} |`);
    lines.push("");
  }
  if (report.notFound.length > 0) lines.push(`Not in the tenant (not deployed yet, or deleted): ${markdownInline(report.notFound.join(", "))}.`, "");
  if (report.matched.length > 0) {
    lines.push("<details><summary>How workloads were matched</summary>", "");
    for (const m of report.matched) lines.push(`- ${markdownInline(m.workload)}: ${markdownInline(m.by)}`);
    lines.push("", "</details>", "");
  }
  return `${lines.join("\n")}`;
}
