import type { PlanFile, PlanViolation, PlanWorkload } from "../plan/plan-file";
import { escapeInline } from "../diff/markdown";
import { code, day, table } from "./markdown";

export interface ReportContext {
  /** Vault the workloads' secrets live in. */
  keyVaultName?: string;
}

const privilege = (level: number | null) => (level === null ? "—" : `${level}/5${level >= 4 ? " ⚠️" : ""}`);
const tier0Badge = (p: PlanWorkload["apiPermissions"][number]) => (p.tier0 ? " **TIER 0** 🛑" : "");

/** What the privilege column means (Microsoft's grades; tier 0 from model/catalog/data/tier0-graph-permissions.json). */
const PRIVILEGE_LEGEND = "Privilege: Microsoft's grade of a Graph permission, 1 (lowest) to 5 (highest); ⚠️ marks 4 and 5. " +
  "**TIER 0** 🛑 marks a Microsoft Graph permission with a known path to Global Administrator (Maester's high-risk list and the " +
  "Azure AD tiering research). \"—\": no grade published.";

/** Whether a workload holds privileged access: a tier-0 or level ≥ 4 permission (consented), or a privileged Azure role. */
function isPrivileged(w: PlanWorkload): boolean {
  return w.apiPermissions.some((p) => p.tier0 === true || (p.privilegeLevel ?? 0) >= 4) || w.roleAssignments.some((r) => r.privileged);
}

function summarySection(plan: PlanFile): string {
  return table(["workload", "privileged", "secret-based", "earliest expiry", "waivers in force"], plan.workloads.map((w) => {
    const ends = w.credentials.flatMap((c) => (c.type !== "federated" && c.endDate ? [c.endDate] : [])).sort();
    const waivers = new Set(plan.violations.filter((v) => v.workload === w.name && v.waiver !== undefined).map((v) => v.waiver));
    return [
      w.name,
      isPrivileged(w) ? "**yes** ⚠️" : "no",
      w.credentials.some((c) => c.type === "secret") ? "**yes**" : "no",
      ends.length > 0 ? day(ends[0]) : "—",
      waivers.size > 0 ? [...waivers].map((x) => code(x ?? "")).join(", ") : "—",
    ];
  }));
}

function identitySection(w: PlanWorkload): string {
  const a = w.audit;
  if (!a) return "";
  const ids = a.simulatedIds;
  const lines = [
    `**Identity** (ids simulated offline; the real ones exist after \`pulumi up\`): ${a.displayName ? `${code(a.displayName)}, ` : ""}client id ${code(ids.clientId ?? "—")}` +
      `${ids.applicationObjectId ? `, application object id ${code(ids.applicationObjectId)}` : ""}, service principal object id ${code(ids.servicePrincipalObjectId ?? "—")}`,
  ];
  if (w.kind === "application") {
    lines.push(`**Owners**: ${a.owners.length > 0 ? a.owners.map(code).join(", ") : "none"}`);
    lines.push(`**Sign-in audience**: ${a.signInAudience ? code(a.signInAudience) : "—"}`);
    lines.push(`**Redirect URIs**: ${a.redirectUris.length > 0 ? a.redirectUris.map((r) => `${code(r.uri)} (${r.platform})`).join(", ") : "none"}`);
  }
  for (const t of a.federatedTrusts) lines.push(`**Federated trust** ${code(t.name)}: issuer ${code(t.issuer)}, subject ${code(t.subject)}, audiences ${t.audiences.map(code).join(", ")}`);
  for (const g of a.delegatedGrants) lines.push(`**Delegated grant** ${code(g.name)}: ${g.scopes.map(code).join(", ")} on behalf of **${g.covers}**`);
  for (const warning of a.warnings ?? []) lines.push(`**Manifest warning**: ${warning}`);
  return lines.join("  \n");
}

function credentialsSection(w: PlanWorkload): string {
  if (w.credentials.length === 0) {
    return w.kind === "managedIdentity"
      ? "Authenticates as a managed identity: tokens come from the Azure platform (IMDS); no secret exists."
      : "No credential: nothing can sign in as this application yet.";
  }
  return table(["credential", "type", "valid until", "notes"], w.credentials.map((c) => [
    code(c.name),
    c.type,
    c.type === "federated" ? "no expiry (federated)" : day(c.endDate),
    c.type === "federated"
      ? `trusts ${code(c.issuer ?? "")} for ${code(c.subject ?? "")}`
      : c.newest ? `newest${c.keyVaultSecret ? `, in Key Vault as ${code(c.keyVaultSecret)}` : ""}` : "previous (overlap until it lapses)",
  ]));
}

function permissionsSection(w: PlanWorkload): string {
  const parts: string[] = [];
  if (w.apiPermissions.length > 0) {
    parts.push(table(["API", "permission", "kind", "privilege", "consent"], w.apiPermissions.map((p) => [
      p.stackApi === undefined ? p.api : `workload ${p.stackApi}`,
      code(p.name),
      p.kind,
      p.resolvedAtDeploy ? "resolved at deploy time" : `${privilege(p.privilegeLevel)}${tier0Badge(p)}`,
      p.adminConsent ? (p.kind === "delegated" ? "granted as code, for all users in the tenant" : "granted as code") : "**pending administrator**",
    ])));
  }
  if (w.roleAssignments.length > 0) {
    parts.push(table(["Azure role", "scope", "privileged"], w.roleAssignments.map((r) => [
      r.role, code(r.scope), r.privileged ? "**yes** ⚠️" : "no",
    ])));
  }
  for (const a of w.tokenAudiences ?? []) {
    if (!w.apiPermissions.some((p) => p.api === a.api)) parts.push(`Calls ${a.api} (token scope ${code(a.defaultScope)}); no API permission exists to grant.`);
  }
  return parts.length > 0 ? parts.join("\n\n") : "No API permission and no Azure role.";
}

/** Per secret, who can read it besides the workload's deployer. */
function secretReadersSection(w: PlanWorkload): string {
  const secrets = [...new Set((w.secretReaders ?? []).flatMap((r) => r.secrets))];
  return table(["secret", "readers"], secrets.map((s) => [
    code(s),
    (w.secretReaders ?? []).filter((r) => r.secrets.includes(s)).map((r) => (r.workload ? `workload ${r.reader}` : `${r.principalType} ${code(r.reader)}`)).join(", "),
  ]));
}

function workloadSection(w: PlanWorkload, ctx: ReportContext): string {
  const lines = [`### ${w.name} — ${w.kind === "application" ? "application" : "managed identity"}`];
  // One quoted line, inline syntax and HTML escaped: a multi-line description cannot forge a heading or an <img>.
  if (w.description) lines.push("", `> ${escapeInline(w.description)}`);
  const identity = identitySection(w);
  if (identity !== "") lines.push("", identity);
  lines.push("", "**How it authenticates**", "", credentialsSection(w));
  lines.push("", "**What it can do**", "", permissionsSection(w));
  const vault = ctx.keyVaultName ? ` in Key Vault ${code(ctx.keyVaultName)}` : "";
  lines.push("", `**Where its secrets live**: ${w.keyVaultSecrets.length > 0 ? w.keyVaultSecrets.map(code).join(", ") + vault : "nothing stored"}`);
  if (w.secretReaders && w.secretReaders.length > 0) lines.push("", "**Who can read its secrets** (Key Vault Secrets User on each secret)", "", secretReadersSection(w));
  if (w.signIn) {
    const who = w.signIn.assignments.map((a) => `${a.principalType} ${code(a.objectId)}${a.role === undefined ? "" : ` as ${code(a.role)}`}`).join(", ");
    lines.push("", `**Who may sign in**: ${w.signIn.appRoleAssignmentRequired ? `only assigned users and groups${who === "" ? " (none assigned yet)" : `: ${who}`}` : `anyone in the tenant${who === "" ? "" : `; assigned: ${who}`}`}`);
  }
  if (w.exposes) lines.push("", `**Exposes** ${code(w.exposes.identifierUri)}: ${[...w.exposes.appRoles.map((r) => `app role ${code(r.value)}`), ...w.exposes.scopes.map((s) => `scope ${code(s.value)}`)].join(", ")}`);
  if (w.adminConsentUrl) lines.push("", `**Admin consent pending**: a Global Administrator opens ${w.adminConsentUrl}`);
  return lines.join("\n");
}

function findingsSection(violations: readonly PlanViolation[]): string {
  if (violations.length === 0) return "No policy finding.";
  const order = (v: PlanViolation) => (v.enforcement === "mandatory" ? 0 : 1);
  const sorted = [...violations].sort((a, b) => order(a) - order(b) || a.policy.localeCompare(b.policy) || a.urn.localeCompare(b.urn));
  return table(["enforcement", "policy", "workload", "resource", "finding"], sorted.map((v) => [
    v.enforcement === "mandatory" ? "**mandatory** ❌" : "advisory",
    v.policy,
    v.workload ?? "—",
    code(v.urn.split("::").pop() ?? v.urn),
    v.waiver ? `${v.message} (waived: ${v.waiver})` : v.message,
  ]));
}

/** What only the real tenant can confirm: a green plan holds on these, so the reviewer sees them. */
function assumptionsSection(assumptions: readonly string[]): string {
  if (assumptions.length === 0) return "Nothing: every check ran on what the manifest itself shows.";
  return table(["assumed", ""], assumptions.map((a, i) => [String(i + 1), a]));
}

function totalsSection(plan: PlanFile): string {
  const w = plan.workloads;
  const credentials = w.flatMap((x) => x.credentials);
  const count = (pred: (x: unknown) => boolean, list: readonly unknown[]) => list.filter(pred).length;
  return table(["what", "count"], [
    ["workloads (applications / managed identities)", `${w.length} (${count((x) => (x as PlanWorkload).kind === "application", w)} / ${count((x) => (x as PlanWorkload).kind === "managedIdentity", w)})`],
    ["credentials (secrets / certificates / federated)", `${credentials.filter((c) => c.type === "secret").length} / ${credentials.filter((c) => c.type === "certificate").length} / ${credentials.filter((c) => c.type === "federated").length}`],
    ["API permissions (pending consent)", `${w.flatMap((x) => x.apiPermissions).length} (${w.flatMap((x) => x.apiPermissions).filter((p) => !p.adminConsent).length})`],
    ["Azure role assignments (privileged)", `${w.flatMap((x) => x.roleAssignments).length} (${w.flatMap((x) => x.roleAssignments).filter((r) => r.privileged).length})`],
    ["resources Azure would receive", String(plan.summary.resources)],
    ["longest chain of dependent calls", String(plan.summary.criticalPath)],
  ]);
}

/** access-report.md: what an auditor reads on a pull request. Contains no secret value: the plan holds none. */
export function renderAccessReport(plan: PlanFile, ctx: ReportContext = {}): string {
  const mandatory = plan.violations.filter((v) => v.enforcement === "mandatory").length;
  const advisory = plan.violations.length - mandatory;
  return [
    `# Access review: stack ${code(plan.stack)}`,
    "",
    `Planned offline for ${day(plan.generatedAt)} by entra-workloads (project ${code(plan.project)}): ${plan.workloads.length} workloads, ${plan.summary.resources} resources. ` +
      `Policy: ${mandatory === 0 ? "no mandatory violation" : `**${mandatory} mandatory violation${mandatory === 1 ? "" : "s"}**`}, ${advisory} advisory.`,
    "",
    "## Summary",
    "",
    summarySection(plan),
    "",
    "## Workloads",
    "",
    PRIVILEGE_LEGEND,
    "",
    plan.workloads.map((w) => workloadSection(w, ctx)).join("\n\n"),
    "",
    "## Policy findings",
    "",
    findingsSection(plan.violations),
    "",
    "## Assumed offline (checked only by the real tenant at `pulumi up`)",
    "",
    assumptionsSection(plan.assumptions ?? []),
    "",
    "## Totals",
    "",
    totalsSection(plan),
    "",
  ].join("\n");
}
