import type { PlanFile, PlanWorkload } from "../plan/plan-file";
import { visibleControls } from "../text-escape";
import { day } from "./markdown";

/** The widest the summary gets: it fits a 120-column terminal. */
export const SUMMARY_WIDTH = 120;
/** Text widths of the workload table's two columns; with padding and three borders they make {@link SUMMARY_WIDTH}. */
const NAME_WIDTH = 30;
const ACCESS_WIDTH = SUMMARY_WIDTH - NAME_WIDTH - 2 * 2 - 3;

/** `text` in lines of at most `width`: at spaces where it can, inside a word longer than a line where it must. */
export function wrap(text: string, width: number, indent = 0): string {
  const pad = " ".repeat(indent);
  const lines: string[] = [];
  let line = "";
  const fresh = () => line === "" || line === pad;
  for (const given of text.split(" ")) {
    let word = given;
    for (;;) {
      const sep = fresh() ? "" : " ";
      if (line.length + sep.length + word.length <= width) {
        line += sep + word;
        break;
      }
      if (!fresh() && pad.length + word.length <= width) {
        lines.push(line);
        line = pad;
        continue;
      }
      // Longer than a whole line: fill this one and go on with the rest.
      const room = width - line.length - sep.length;
      if (room <= 0) {
        lines.push(line);
        line = pad;
        continue;
      }
      line += sep + word.slice(0, room);
      word = word.slice(room);
      lines.push(line);
      line = pad;
    }
  }
  if (!fresh()) lines.push(line);
  return lines.join("\n");
}

/**
 * A table in box-drawing characters, one row per entry, cells of several lines aligned. (Drawn here rather than with
 * cli-table3, which measured 350 ms for a 120-workload summary: it measures every string's display width.)
 */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const cells = [head, ...rows].map((row) => row.map((cell) => cell.split("\n")));
  const widths = head.map((_, c) => Math.max(...cells.map((row) => Math.max(...row[c].map((line) => [...line].length)))));
  const rule = (left: string, mid: string, right: string) => `${left}${widths.map((w) => "─".repeat(w + 2)).join(mid)}${right}`;
  const render = (row: string[][]) => {
    const height = Math.max(...row.map((lines) => lines.length));
    return Array.from({ length: height }, (_, i) =>
      `│${row.map((lines, c) => ` ${(lines[i] ?? "").padEnd(widths[c])} `).join("│")}│`).join("\n");
  };
  return [rule("┌", "┬", "┐"), render(cells[0]), rule("├", "┼", "┤"), ...cells.slice(1).map(render), rule("└", "┴", "┘")].join("\n");
}

function credentials(w: PlanWorkload): string[] {
  if (w.credentials.length === 0) return [w.kind === "managedIdentity" ? "credential: platform (IMDS)" : "credential: none"];
  return w.credentials
    .filter((c) => c.type === "federated" || c.newest)
    .map((c) => (c.type === "federated" ? `federated: ${c.subject ?? ""}` : `${c.type} until ${day(c.endDate)} (+previous)`));
}

const permissions = (w: PlanWorkload): string[] =>
  w.apiPermissions.map((p) => `${p.api === "Microsoft Graph" ? "Graph" : p.api} ${p.name} (${p.kind}${p.adminConsent ? "" : ", consent pending"})`);

const roles = (w: PlanWorkload): string[] =>
  w.roleAssignments.map((r) => `${r.role}${r.privileged ? " [privileged]" : ""} @ …${r.scope.split("/").slice(-2).join("/")}`);

/** The short human summary `npm run plan` prints: one row per workload, resource counts, policy results; at most 120 columns wide. */
export function renderSummary(plan: PlanFile): string {
  const workloads = table(["workload", "credentials, API permissions, Azure roles"], plan.workloads.map((w) => [
    wrap(`${w.name} (${w.kind === "application" ? "app" : "identity"})`, NAME_WIDTH),
    [...credentials(w), ...permissions(w), ...roles(w)].map((line) => wrap(line, ACCESS_WIDTH, 2)).join("\n"),
  ]));
  const counts = table(["resource type", "count"], [...Object.entries(plan.summary.byType).map(([type, n]) => [type, String(n)]), ["total", String(plan.summary.resources)]]);
  const mandatory = plan.violations.filter((v) => v.enforcement === "mandatory");
  const advisory = plan.violations.filter((v) => v.enforcement === "advisory");
  const findings = [...mandatory, ...advisory].map((v) => wrap(`  ${v.enforcement === "mandatory" ? "✖" : "!"} ${v.policy}: ${v.message}`, SUMMARY_WIDTH, 4));
  // Plan text (names, descriptions) reaches the terminal with its controls shown as `\u{1b}` (preview/text-escape.ts).
  return visibleControls([
    `Stack ${plan.stack} at ${day(plan.generatedAt)}: ${plan.workloads.length} workloads`,
    workloads,
    counts,
    `Longest chain of dependent Azure calls: ${plan.summary.criticalPath}`,
    `Policies: ${mandatory.length} mandatory, ${advisory.length} advisory finding(s)`,
    ...findings,
  ].join("\n").replace(/\r\n?|[\u0085\u2028\u2029]/g, " "));
}
