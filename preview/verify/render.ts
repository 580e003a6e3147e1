import { markdownCell as escapeCell, markdownCode, markdownInline } from "../text-escape";
import type { CheckStatus, VerifyReport, WorkloadExpectation } from "./types";

const MARK: Record<CheckStatus, string> = { passed: "✅ passed", failed: "❌ failed", "on-host": "🖥️ verify on the host", "needs-person": "👤 a person must sign in", skipped: "➖ skipped" };

export function countFailed(report: VerifyReport): number {
  return report.workloads.reduce((n, w) => n + w.checks.filter((c) => c.status === "failed").length, 0);
}

/** Removes every sensitive string (secret values, tokens) that might have slipped into a message. */
export function redact(text: string, sensitive: Iterable<string>): string {
  let out = text;
  for (const s of sensitive) if (s.length >= 8) out = out.split(s).join("[redacted]");
  return out;
}

/** The run as Markdown (the pipeline's step summary): a headline, then one table per workload. */
export function renderReport(report: VerifyReport): string {
  const failed = countFailed(report);
  const checks = report.workloads.reduce((n, w) => n + w.checks.length, 0);
  const counts = (Object.keys(MARK) as CheckStatus[])
    .map((status) => [status, report.workloads.reduce((n, w) => n + w.checks.filter((c) => c.status === status).length, 0)] as const)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${MARK[status].replace(/^\S+ /, "")}`);
  const workloads = `${report.workloads.length} workload${report.workloads.length === 1 ? "" : "s"}`;
  const lines = [
    failed === 0
      ? `**Verified ${workloads}: no check failed** (${counts.join(", ") || "no checks"}).`
      : `**${failed} of ${checks} checks failed** across ${workloads} (${counts.join(", ")}).`,
  ];
  for (const w of report.workloads) {
    lines.push("", `### ${markdownInline(w.name)} (${w.flow})`, "", "| Check | Result | Details |", "|---|---|---|");
    for (const c of w.checks) lines.push(`| ${escapeCell(c.check)} | ${MARK[c.status]} | ${escapeCell(c.detail)} |`);
  }
  lines.push("", "Tokens are decoded without verifying their signature (that is the receiving API's job); no token or secret value is shown.");
  return `${lines.join("\n")}\n`;
}

/** `--explain` as Markdown: per workload, the flow, the token resources and what each token must carry, the Azure roles. */
export function renderExplain(expectations: readonly WorkloadExpectation[]): string {
  const lines = [`**How each of ${expectations.length} workload${expectations.length === 1 ? "" : "s"} gets its token, and what it must carry**`];
  for (const w of expectations) {
    lines.push("", `### ${markdownInline(w.name)}: ${w.flow}`, "");
    if (w.resources.length === 0) lines.push("- no token resource in the plan");
    for (const r of w.resources) {
      const carries = [
        `roles: ${r.roles.length > 0 ? r.roles.join(", ") : "none"}`,
        ...(r.scopes.length > 0 ? [`scp ⊆ ${r.scopes.join(" ")}`] : []),
      ];
      lines.push(`- token for ${escapeCell(r.api)}: scope ${markdownCode(r.scope)} (resource ${markdownCode(r.resource)}); ${escapeCell(carries.join("; "))}`);
    }
    for (const a of w.azureRoles) lines.push(`- Azure role ${markdownInline(a.role)} at ${markdownCode(a.scope)}`);
    if (w.awaitingConsent.length > 0) lines.push(`- awaiting admin consent (must not be in a token yet): ${markdownInline(w.awaitingConsent.join(", "))}`);
    for (const f of w.federated) lines.push(`- trusts ${markdownInline(f.issuer)} subject ${markdownCode(f.subject)} (audience ${markdownInline(f.audiences.join(", "))})`);
    if (w.keyVaultSecret) lines.push(`- newest credential: Key Vault secret ${markdownCode(w.keyVaultSecret)}`);
  }
  return `${lines.join("\n")}\n`;
}
