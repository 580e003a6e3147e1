import { markdownCell as escapeCell } from "../text-escape";
import type { ExpiringCredential, ExpiryReport } from "./watch";

function when(c: ExpiringCredential): string {
  if (c.expired) return c.daysLeft === 0 ? "ended today" : `ended ${-c.daysLeft} day${c.daysLeft === -1 ? "" : "s"} ago`;
  return c.daysLeft === 0 ? "ends within a day" : `in ${c.daysLeft} day${c.daysLeft === 1 ? "" : "s"}`;
}

/** The watch's report as Markdown (it also goes into the issue the scheduled workflow opens). */
export function renderExpiry(report: ExpiryReport): string {
  const day = report.now.slice(0, 10);
  const stack = report.stack === undefined ? "" : ` in stack ${report.stack}`;
  if (report.workloads.length === 0) return `No credential${stack} ends within ${report.withinDays} days of ${day}.\n`;
  const count = report.workloads.reduce((n, w) => n + w.credentials.length, 0);
  const lines = [`**${count} credential${count === 1 ? "" : "s"}${stack} end${count === 1 ? "s" : ""} within ${report.withinDays} days of ${day}.**`];
  for (const w of report.workloads) {
    lines.push("", `### ${escapeCell(w.workload)}`, "", "| Credential | Type | Ends | When | Key Vault secret |", "|---|---|---|---|---|");
    for (const c of w.credentials) {
      const cells = [c.credential.name, c.credential.type, c.endDate, when(c), c.credential.keyVaultSecret ?? ""];
      lines.push(`| ${cells.map(escapeCell).join(" | ")} |`);
    }
  }
  lines.push(
    "",
    "Rotating pairs are counted by their newest member. A credential here means rotation has stopped: run `pulumi up` on the stack (the scheduled workflow does it daily) and check why it did not advance.",
  );
  return `${lines.join("\n")}\n`;
}
