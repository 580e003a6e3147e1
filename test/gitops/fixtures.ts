/**
 * Plans for the GitOps tests, built as typed `PlanFile`s from the catalogs.
 *
 * The one seam is `scenarioPlans(name)`: every diff test asks it for a base/head pair and never
 * builds plans itself. When `npm run plan` (preview/cli/commands/plan.ts) lands, replace its body with: write
 * the scenario's two manifests to `test/gitops/stacks/<name>/{base,head}/Pulumi.gitops.yaml`, run
 * `npx tsx preview/cli/commands/plan.ts --stack-file <file> --now ${NOW} --out <dir>` for each side, and
 * `loadPlan(<dir>/plan.json)`. The tests' assertions only name workloads, items and flags, so they
 * hold for real plans too.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expectFound, microsoftGraph, permission, role as catalogRole, roleDefinitionResourceId, type PermissionKind } from "../../model/catalog";
import type { PlanApiPermission, PlanCredential, PlanFile, PlanRoleAssignment, PlanViolation, PlanWorkload } from "../../preview/plan/plan-file";

/** The clock every fixture plan is made with (`--now`). */
export const NOW = "2026-11-23T00:00:00.000Z";
export const SUB = "/subscriptions/11111111-2222-3333-4444-555555555555";
export const RG_MON = `${SUB}/resourceGroups/rg-mon`;
export const LAW = `${RG_MON}/providers/Microsoft.OperationalInsights/workspaces/law-prod`;
const DAY = 86_400_000;

export const daysAfter = (iso: string, days: number): string => new Date(Date.parse(iso) + days * DAY).toISOString();

export function graph(name: string, kind: PermissionKind, adminConsent = true): PlanApiPermission {
  const p = expectFound(permission(microsoftGraph(), name, kind));
  return { api: p.api, apiAppId: p.apiAppId, kind, name: p.name, id: p.id, privilegeLevel: p.privilegeLevel, adminConsent };
}

export function role(name: string, scope: string): PlanRoleAssignment {
  const r = expectFound(catalogRole(name));
  return { role: r.name, roleDefinitionId: roleDefinitionResourceId(r.id, scope), scope, privileged: r.privileged === true };
}

/**
 * A rotating secret pair as the ClientSecret component makes it: a new secret every
 * `rotateAfterDays`, each valid `lifetimeDays`; the newest is the one Key Vault holds.
 */
export function secretPair(workload: string, opts: { now?: string; lifetimeDays?: number; rotateAfterDays?: number; type?: "secret" | "certificate" } = {}): PlanCredential[] {
  const { now = NOW, lifetimeDays = 90, rotateAfterDays = 30, type = "secret" } = opts;
  const period = rotateAfterDays * DAY;
  const epoch = Math.floor(Date.parse(now) / period);
  const member = (e: number): PlanCredential => ({
    type,
    name: `${workload}-${type}-${e % 2 === 0 ? "blue" : "green"}`,
    endDate: new Date(e * period + lifetimeDays * DAY).toISOString(),
    newest: e === epoch,
    slot: e % 2 === 0 ? "blue" : "green",
    epoch: e,
    keyVaultSecret: `${workload}-client-${type}`,
  });
  return [member(epoch), member(epoch - 1)].sort((a, b) => a.name.localeCompare(b.name));
}

export function federated(workload: string, subject: string): PlanCredential {
  return { type: "federated", name: `${workload}-federated-0`, issuer: "https://token.actions.githubusercontent.com", subject };
}

export function workload(name: string, parts: Partial<Omit<PlanWorkload, "name">> = {}): PlanWorkload {
  return { name, kind: "application", credentials: [], apiPermissions: [], roleAssignments: [], keyVaultSecrets: [], ...parts };
}

export function violation(policy: string, workloadName: string, resource: string, message: string, enforcement: PlanViolation["enforcement"] = "mandatory"): PlanViolation {
  return { policy, enforcement, urn: `urn:pulumi:gitops::entra-workloads::azuread:index/applicationPassword:ApplicationPassword::${resource}`, message, workload: workloadName };
}

export function plan(workloads: PlanWorkload[], opts: { stack?: string; generatedAt?: string; violations?: PlanViolation[] } = {}): PlanFile {
  return {
    formatVersion: 1,
    stack: opts.stack ?? "gitops",
    project: "entra-workloads",
    generatedAt: opts.generatedAt ?? NOW,
    resources: [],
    workloads,
    violations: opts.violations ?? [],
    summary: { resources: 0, byType: {}, criticalPath: 0 },
  };
}

/** The stack every scenario starts from: the DESIGN manifest's workloads, trimmed. */
export function baselineWorkloads(now = NOW): PlanWorkload[] {
  return [
    workload("deploy-pipeline", { credentials: [federated("deploy-pipeline", "repo:contoso/platform:environment:prod")] }),
    workload("graph-daemon", {
      credentials: secretPair("graph-daemon", { now, type: "certificate", lifetimeDays: 180, rotateAfterDays: 90 }),
      apiPermissions: [graph("User.Read.All", "application")],
      keyVaultSecrets: ["graph-daemon-client-certificate"],
    }),
    workload("law-reader", {
      description: "Queries the platform Log Analytics workspace over REST",
      credentials: secretPair("law-reader", { now, lifetimeDays: 90, rotateAfterDays: 60 }),
      roleAssignments: [role("Log Analytics Reader", LAW)],
      keyVaultSecrets: ["law-reader-client-secret"],
    }),
    workload("metering", { kind: "managedIdentity", roleAssignments: [role("Reader", `${SUB}/resourceGroups/rg-saas`)] }),
  ];
}

const edit = (name: string, change: (w: PlanWorkload) => PlanWorkload) => (ws: PlanWorkload[]) => ws.map((w) => (w.name === name ? change(w) : w));

/** The pull requests the diff tests review, each as what it does to the baseline. */
const scenarioEdits = {
  "workload-added": (ws: PlanWorkload[]) => [
    ...ws,
    workload("mail-sender", {
      credentials: secretPair("mail-sender"),
      apiPermissions: [graph("Mail.Send", "application")],
      roleAssignments: [role("Reader", RG_MON)],
      keyVaultSecrets: ["mail-sender-client-secret"],
    }),
  ],
  "workload-removed": (ws: PlanWorkload[]) => ws.filter((w) => w.name !== "law-reader"),
  "role-added": edit("metering", (w) => ({ ...w, roleAssignments: [...w.roleAssignments, role("Monitoring Metrics Publisher", RG_MON)] })),
  "scope-broadened": edit("law-reader", (w) => ({ ...w, roleAssignments: [role("Log Analytics Reader", RG_MON)] })),
  "scope-narrowed": edit("metering", (w) => ({ ...w, roleAssignments: [role("Reader", `${SUB}/resourceGroups/rg-saas/providers/Microsoft.Storage/storageAccounts/stmeter`)] })),
  "permission-removed": edit("graph-daemon", (w) => ({ ...w, apiPermissions: [] })),
  "consent-turned-on": {
    base: edit("graph-daemon", (w) => ({ ...w, apiPermissions: [graph("User.Read.All", "application", false)], adminConsentUrl: "https://login.microsoftonline.com/contoso.onmicrosoft.com/adminconsent?client_id=x" })),
    head: (ws: PlanWorkload[]) => ws,
  },
  "secret-lifetime-changed": edit("law-reader", (w) => ({ ...w, credentials: secretPair("law-reader", { lifetimeDays: 120, rotateAfterDays: 60 }) })),
  "description-edited": edit("law-reader", (w) => ({ ...w, description: "Reads | queries the workspace" })),
  "identical": (ws: PlanWorkload[]) => ws,
} as const;

export type ScenarioName = keyof typeof scenarioEdits;
export const scenarioNames = Object.keys(scenarioEdits) as ScenarioName[];

/** The base and head plans of a scenario (see the file comment for swapping in real plans). */
export function scenarioPlans(name: ScenarioName): { base: PlanFile; head: PlanFile } {
  const e = scenarioEdits[name];
  const baseEdit = typeof e === "function" ? (ws: PlanWorkload[]) => ws : e.base;
  const headEdit = typeof e === "function" ? e : e.head;
  return { base: plan(baseEdit(baselineWorkloads())), head: plan(headEdit(baselineWorkloads())) };
}

/** A fresh temporary folder. */
export function tempDir(prefix = "gitops-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes a JSON document and returns its path. */
export function writeJson(dir: string, file: string, value: unknown): string {
  const path = join(dir, file);
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
  return path;
}

/** Writes a scenario's two plans to a temp folder: `{ base, head }` paths. */
export function writeScenario(name: ScenarioName, dir = tempDir()): { base: string; head: string; dir: string } {
  const { base, head } = scenarioPlans(name);
  return { base: writeJson(dir, "base.plan.json", base), head: writeJson(dir, "head.plan.json", head), dir };
}
