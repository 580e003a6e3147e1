import type { PlanViolation } from "../plan/plan-file";
import { resourceName } from "./changes";
import { escalationReasons, isTier0Escalation } from "./escalation";
import { STACK_LEVEL, type AccessDiff, type Change, type DiffSummary } from "./types";

/** Markdown escaping shared with every report (preview/text-escape.ts): one line, controls visible, no HTML, no pipes. */
export { markdownCell as escapeCell, markdownInline as escapeInline } from "../text-escape";
import { markdownCell as escapeCell, markdownInline as escapeInline } from "../text-escape";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What the headline says first when the change touches the toolkit. */
export const CODE_CHANGED = "The code that computes access changed";

/**
 * What the headline says first when the plans are of two stacks (`npm run diff -- --allow-different-stacks`; without
 * it the CLI refuses them). Stack names are Pulumi's (letters, digits, `-`, `_`, `.`: preview/plan/plan-file.ts), so
 * they need no escaping.
 */
export function twoStacks(diff: Partial<Pick<AccessDiff, "base" | "head">>): string | undefined {
  if (!diff.base || !diff.head || diff.base.stack === diff.head.stack) return undefined;
  return `Plans of two stacks (base ${diff.base.stack}, head ${diff.head.stack}; --allow-different-stacks)`;
}

/**
 * "2 workloads changed, 1 added; 3 escalations" — or "No access changes." — led by {@link CODE_CHANGED} when the toolkit
 * changed, and by {@link twoStacks} when the plans are of two stacks.
 */
export function headline(diff: Pick<AccessDiff, "changes" | "summary" | "code"> & Partial<Pick<AccessDiff, "base" | "head">>): string {
  const stacks = twoStacks(diff);
  return stacks === undefined ? changeHeadline(diff) : `${stacks}: ${changeHeadline(diff)}`;
}

function changeHeadline(diff: Pick<AccessDiff, "changes" | "summary" | "code">): string {
  if (diff.code !== undefined) {
    const rest = diff.changes.length === 0 ? `no access changes in the plans; ${plural(diff.summary.escalations, "escalation")}` : accessHeadline(diff);
    return `${CODE_CHANGED}; ${rest}`;
  }
  if (diff.changes.length === 0) return "No access changes.";
  return accessHeadline(diff);
}

function accessHeadline(diff: Pick<AccessDiff, "changes" | "summary">): string {
  const s: DiffSummary = diff.summary;
  const parts: string[] = [];
  for (const [count, verb] of [
    [s.changed, "changed"],
    [s.added, "added"],
    [s.removed, "removed"],
  ] as const) {
    if (count === 0) continue;
    parts.push(parts.length === 0 ? `${plural(count, "workload")} ${verb}` : `${count} ${verb}`);
  }
  const findings = diff.changes.filter((c) => c.kind === "violation");
  const appeared = findings.filter((c) => c.change !== "removed").length;
  const resolved = findings.filter((c) => c.change === "removed").length;
  let line = parts.length > 0 ? parts.join(", ") : "No workload access changed";
  line += `; ${s.escalations === 0 ? "no escalations" : plural(s.escalations, "escalation")}`;
  if (appeared > 0) line += `; ${plural(appeared, "policy finding")} new or changed`;
  if (resolved > 0) line += `; ${plural(resolved, "policy finding")} resolved`;
  return line;
}

const KIND_LABEL: Record<Change["kind"], string> = {
  workload: "Workload",
  apiPermission: "API permission",
  roleAssignment: "Role assignment",
  credential: "Credential",
  keyVaultSecret: "Key Vault secret",
  secretReader: "Secret reader",
  violation: "Policy finding",
};

const CHANGE_LABEL: Record<Change["change"], string> = { added: "➕ gains", removed: "➖ loses", changed: "✏️ changes" };

const consent = (granted: boolean) => (granted ? "admin consent granted" : "admin consent pending");
const level = (n: number | null) => (n === null ? "privilege level unknown" : `privilege level ${n}`);
const date = (iso: string | undefined) => (iso === undefined ? "no end date" : `ends ${iso.slice(0, 10)}`);
const arrow = (before: string, after: string) => (before === after ? after : `${before} → ${after}`);

/** The detail column: the facts a reviewer needs for this kind of change. */
export function details(c: Change): string {
  switch (c.kind) {
    case "workload": {
      const s = c.after ?? c.before;
      if (!s) return "";
      const bits = [s.kind === "managedIdentity" ? "managed identity" : "application"];
      if (c.change === "changed" && c.before && c.after) {
        if (c.before.kind !== c.after.kind) bits[0] = `${c.before.kind} → ${c.after.kind}`;
        if (c.before.description !== c.after.description) bits.push(`description: ${c.before.description ?? "(none)"} → ${c.after.description ?? "(none)"}`);
        if (c.before.adminConsentUrl !== c.after.adminConsentUrl) bits.push(c.after.adminConsentUrl ? "now waits for admin consent" : "no longer waits for admin consent");
        if ((c.before.appRoleAssignmentRequired ?? false) !== (c.after.appRoleAssignmentRequired ?? false)) bits.push(c.after.appRoleAssignmentRequired ? "only assigned users and groups may sign in" : "anyone in the tenant may sign in");
      } else {
        const n = s.counts;
        bits.push(
          `${plural(n.apiPermissions, "API permission")}, ${plural(n.roleAssignments, "role")}, ${plural(n.credentials, "credential")}, ${plural(n.keyVaultSecrets, "Key Vault secret")}`,
        );
        if (s.description) bits.push(s.description);
      }
      return bits.join("; ");
    }
    case "apiPermission": {
      const a = c.after;
      const b = c.before;
      if (a && b) return `${arrow(level(b.privilegeLevel), level(a.privilegeLevel))}; ${arrow(consent(b.adminConsent), consent(a.adminConsent))}`;
      const p = a ?? b;
      return p ? `${level(p.privilegeLevel)}; ${consent(p.adminConsent)}` : "";
    }
    case "roleAssignment": {
      const a = c.after;
      const b = c.before;
      const flag = (privileged: boolean) => (privileged ? "**privileged**" : "not privileged");
      if (a && b) return `scope ${arrow(b.scope, a.scope)}; ${arrow(flag(b.privileged), flag(a.privileged))}`;
      const r = a ?? b;
      return r ? flag(r.privileged) : "";
    }
    case "credential": {
      const a = c.after;
      const b = c.before;
      const who = (x: NonNullable<typeof a>) => (x.type === "federated" ? `${x.issuer ?? "?"} / ${x.subject ?? "?"}` : date(x.endDate));
      const kv = (a ?? b)?.keyVaultSecret;
      const base = a && b ? arrow(who(b), who(a)) : who((a ?? b) as NonNullable<typeof a>);
      return kv ? `${base}; Key Vault secret ${kv}` : base;
    }
    case "keyVaultSecret":
      return "";
    case "secretReader": {
      const r = c.after ?? c.before;
      return r ? `Key Vault Secrets User for ${r.workload ? "workload" : r.principalType} ${r.reader}` : "";
    }
    case "violation": {
      const v = c.after ?? c.before;
      if (!v) return "";
      return `${v.enforcement}${v.waiver ? ` (waived: ${v.waiver})` : ""}: ${v.message}`;
    }
  }
}

/** "⚠️ broader scope" — which escalation rules the change matched. */
function marker(c: Change): string {
  return c.escalation ? `⚠️ ${escalationReasons(c).map((r) => r.label).join(", ")}` : "";
}

function row(c: Change): string {
  const cells = [marker(c), CHANGE_LABEL[c.change], KIND_LABEL[c.kind], c.item, details(c)];
  return `| ${cells.map(escapeCell).join(" | ")} |`;
}

function byWorkload(changes: readonly Change[]): Map<string, Change[]> {
  const groups = new Map<string, Change[]>();
  for (const c of changes) groups.set(c.workload, [...(groups.get(c.workload) ?? []), c]);
  return groups;
}

function workloadHeading(name: string, changes: readonly Change[]): string {
  if (name === STACK_LEVEL) return "### Stack-level policy findings";
  const own = changes.find((c) => c.kind === "workload");
  const state = own?.change === "added" ? " (new)" : own?.change === "removed" ? " (removed)" : "";
  return `### ${escapeCell(name)}${state}`;
}

/** Paths listed in the comment before "and N more". */
const MAX_CODE_PATHS = 50;

/** The first section when the toolkit changed: why the plans cannot be trusted alone, and the paths. */
function codeSection(paths: readonly string[]): string[] {
  const shown = paths.slice(0, MAX_CODE_PATHS).map((p) => `- ${escapeInline(p)}`);
  if (paths.length > MAX_CODE_PATHS) shown.push(`- … and ${paths.length - MAX_CODE_PATHS} more`);
  return [
    `#### ⚠️ ${CODE_CHANGED}`,
    "",
    "This change touches the toolkit that plans, checks and reviews access (components, program, preview and diff, policies, " +
      "dependencies or workflows), so the plans below were made or compared by code under review and may not show everything it grants. " +
      "It needs the second approver whatever the plans say: review the code itself.",
    "",
    ...shown,
  ];
}

/** Options of the Markdown rendering. */
export interface RenderOptions {
  /** Mandatory/advisory findings on the head plan, listed after the diff (the pull-request comment uses it). @default none */
  headFindings?: readonly PlanViolation[];
}

/** The access diff as GitHub-flavoured Markdown: headline, escalations first, then per workload what it gains and loses. */
export function renderMarkdown(diff: AccessDiff, options: RenderOptions = {}): string {
  const lines: string[] = [`**${headline(diff)}**`];
  if (diff.changes.length === 0 && diff.code === undefined) lines[0] = headline(diff);
  if (diff.code !== undefined) lines.push("", ...codeSection(diff.code.paths));
  if (twoStacks(diff) !== undefined) {
    lines.push("", `> [!WARNING]\n> The base plan is of stack ${diff.base.stack} and the head plan of stack ${diff.head.stack}, compared on purpose (--allow-different-stacks): the changes below are the differences between two stacks, not a change to one.`);
  }
  if (diff.changes.length > 0 && diff.base.generatedAt !== diff.head.generatedAt) {
    lines.push("", `> Note: the plans were made at different times (${diff.base.generatedAt} vs ${diff.head.generatedAt}); end dates may differ for that reason alone.`);
  }
  // A new tier-0 permission is the first escalation listed (stable sort keeps the diff's order otherwise).
  const escalations = diff.changes.filter((c) => c.escalation).sort((a, b) => Number(isTier0Escalation(b)) - Number(isTier0Escalation(a)));
  if (escalations.length > 0) {
    lines.push("", "#### ⚠️ Escalations", "");
    for (const c of escalations) {
      lines.push(`- **${escapeInline(c.workload)}** ${CHANGE_LABEL[c.change]} ${KIND_LABEL[c.kind]}: ${escapeInline(c.item)} — ${escapeCell(marker(c))}`);
    }
  }
  const groups = [...byWorkload(diff.changes)];
  // Workloads with escalations first; otherwise the diff's order (by name, stack-level findings last).
  groups.sort(([, a], [, b]) => Number(b.some((c) => c.escalation)) - Number(a.some((c) => c.escalation)));
  for (const [name, changes] of groups) {
    const ordered = [...changes].sort((a, b) => Number(b.escalation) - Number(a.escalation));
    lines.push("", workloadHeading(name, changes), "", "| Escalation | Change | Kind | Item | Details |", "|---|---|---|---|---|", ...ordered.map(row));
  }
  const findings = options.headFindings ?? [];
  if (findings.length > 0) {
    const mandatory = findings.filter((v) => v.enforcement === "mandatory").length;
    lines.push(
      "",
      "<details><summary>Policy findings on this branch: " +
        `${plural(mandatory, "mandatory", "mandatory")}, ${plural(findings.length - mandatory, "advisory", "advisory")}</summary>`,
      "",
      "| Enforcement | Policy | Workload | Resource | Message |",
      "|---|---|---|---|---|",
      ...findings.map(
        (v) => `| ${[v.enforcement === "mandatory" ? "❌ mandatory" : "advisory", v.policy, v.workload ?? STACK_LEVEL, resourceName(v.urn), v.message].map(escapeCell).join(" | ")} |`,
      ),
      "",
      "</details>",
    );
  }
  return `${lines.join("\n")}\n`;
}
