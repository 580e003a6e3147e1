import type { PlanApiPermission, PlanCredential, PlanFile, PlanRoleAssignment, PlanViolation, PlanWorkload } from "../plan/plan-file";
import { parseUrn } from "../../model/urn";
import { judge, normalizeScope, scopeContains } from "./escalation";
import { CHANGE_KINDS, STACK_LEVEL, type AccessDiff, type Change, type ChangeStates, type DiffSummary, type WorkloadState } from "./types";

/** Readable item names, as the JSON `item` and the Markdown rows show them. */
export const itemName = {
  apiPermission: (p: PlanApiPermission): string => `${p.api} ${p.name} (${p.kind})`,
  roleAssignment: (r: PlanRoleAssignment): string => `${r.role} @ ${r.scope}`,
  credential: (c: PlanCredential): string => `${c.type} ${c.name}`,
  violation: (v: Pick<PlanViolation, "policy" | "urn">): string => `${v.policy} on ${resourceName(v.urn)}`,
};

/** The logical name at the end of a URN (`urn:pulumi:dev::proj::type::name` → `name`). */
export function resourceName(urn: string): string {
  const at = urn.lastIndexOf("::");
  return at === -1 ? urn : urn.slice(at + 2);
}

function workloadState(w: PlanWorkload): WorkloadState {
  const state: WorkloadState = {
    kind: w.kind,
    counts: {
      credentials: w.credentials.length,
      apiPermissions: w.apiPermissions.length,
      roleAssignments: w.roleAssignments.length,
      keyVaultSecrets: w.keyVaultSecrets.length,
    },
  };
  if (w.description !== undefined) state.description = w.description;
  if (w.adminConsentUrl !== undefined) state.adminConsentUrl = w.adminConsentUrl;
  if (w.signIn !== undefined) state.appRoleAssignmentRequired = w.signIn.appRoleAssignmentRequired;
  return state;
}

function violationState(v: PlanViolation): ChangeStates["violation"] {
  const { workload: _workload, ...rest } = v;
  return rest;
}

/** Stable JSON for comparing two states regardless of key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Keyed matching of two lists: what is only in base, only in head, and in both. */
function match<T>(before: readonly T[], after: readonly T[], key: (t: T) => string) {
  const b = new Map(before.map((t) => [key(t), t] as const));
  const a = new Map(after.map((t) => [key(t), t] as const));
  return {
    removed: [...b].filter(([k]) => !a.has(k)).map(([, t]) => t),
    added: [...a].filter(([k]) => !b.has(k)).map(([, t]) => t),
    both: [...a].filter(([k]) => b.has(k)).map(([k, t]) => [b.get(k) as T, t] as const),
  };
}

type Pending = Omit<Change, "escalation">;

function added<K extends Change["kind"]>(workload: string, kind: K, item: string, after: ChangeStates[K]): Pending {
  return { workload, change: "added", kind, item, after };
}
function removed<K extends Change["kind"]>(workload: string, kind: K, item: string, before: ChangeStates[K]): Pending {
  return { workload, change: "removed", kind, item, before };
}
function changed<K extends Change["kind"]>(workload: string, kind: K, item: string, before: ChangeStates[K], after: ChangeStates[K]): Pending | undefined {
  return canonical(before) === canonical(after) ? undefined : ({ workload, change: "changed", kind, item, before, after });
}

function diffList<T, K extends "apiPermission" | "credential">(
  workload: string,
  kind: K,
  before: readonly T[],
  after: readonly T[],
  key: (t: T) => string,
  name: (t: T) => string,
  state: (t: T) => ChangeStates[K],
): Pending[] {
  const m = match(before, after, key);
  return [
    ...m.added.map((t) => added(workload, kind, name(t), state(t))),
    ...m.removed.map((t) => removed(workload, kind, name(t), state(t))),
    ...m.both.map(([b, a]) => changed(workload, kind, name(a), state(b), state(a))).filter((c): c is Pending => c !== undefined),
  ];
}

const roleKey = (r: PlanRoleAssignment) => `${r.role.toLowerCase()}\n${normalizeScope(r.scope)}`;

/** Role assignments; the same role moved to a containing or contained scope is one `changed` (broader or narrower). */
function diffRoles(workload: string, before: readonly PlanRoleAssignment[], after: readonly PlanRoleAssignment[]): Pending[] {
  const m = match(before, after, roleKey);
  const out: Pending[] = m.both
    .map(([b, a]) => changed(workload, "roleAssignment", itemName.roleAssignment(a), b, a))
    .filter((c): c is Pending => c !== undefined);
  const unpairedRemoved = [...m.removed];
  for (const a of m.added) {
    const at = unpairedRemoved.findIndex(
      (r) => r.role.toLowerCase() === a.role.toLowerCase() && (scopeContains(a.scope, r.scope) || scopeContains(r.scope, a.scope)),
    );
    if (at === -1) {
      out.push(added(workload, "roleAssignment", itemName.roleAssignment(a), a));
    } else {
      const [r] = unpairedRemoved.splice(at, 1) as [PlanRoleAssignment];
      out.push({ workload, change: "changed", kind: "roleAssignment", item: itemName.roleAssignment(a), before: r, after: a });
    }
  }
  out.push(...unpairedRemoved.map((r) => removed(workload, "roleAssignment", itemName.roleAssignment(r), r)));
  return out;
}

function diffSecrets(workload: string, before: readonly string[], after: readonly string[]): Pending[] {
  const m = match(before, after, (s) => s);
  return [
    ...m.added.map((name) => added(workload, "keyVaultSecret", name, { name })),
    ...m.removed.map((name) => removed(workload, "keyVaultSecret", name, { name })),
  ];
}

type ReaderOfSecret = ChangeStates["secretReader"];

/** One entry per (reader, secret): a reader gaining one more secret is a new reader of that secret. */
function readersOfSecrets(w: PlanWorkload): ReaderOfSecret[] {
  return (w.secretReaders ?? []).flatMap(({ secrets, ...reader }) => secrets.map((secret) => ({ ...reader, secret })));
}

const readerItem = (r: ReaderOfSecret): string => `${r.reader} reads ${r.secret}`;

function diffSecretReaders(workload: string, before: readonly ReaderOfSecret[], after: readonly ReaderOfSecret[]): Pending[] {
  const m = match(before, after, (r) => `${r.reader.toLowerCase()}\n${r.secret}`);
  return [
    ...m.added.map((r) => added(workload, "secretReader", readerItem(r), r)),
    ...m.removed.map((r) => removed(workload, "secretReader", readerItem(r), r)),
    ...m.both.map(([b, a]) => changed(workload, "secretReader", readerItem(a), b, a)).filter((c): c is Pending => c !== undefined),
  ];
}

/**
 * A finding's identity across plans: rule, resource type and logical name, not the whole URN. Plans made before the
 * runner built the engine's URNs (model/urn.ts) carry only the immediate parent's type in it, so a base plan
 * from the previous version against a new head would otherwise show every finding as removed and added (issue 12).
 */
const violationKey = (v: PlanViolation) => {
  const urn = parseUrn(v.urn);
  return urn === undefined ? `${v.policy}\n${v.urn}` : `${v.policy}\n${urn.type}\n${urn.name}`;
};

function diffViolations(base: readonly PlanViolation[], head: readonly PlanViolation[], skip: ReadonlySet<string>): Pending[] {
  const owner = (v: PlanViolation) => v.workload ?? STACK_LEVEL;
  const m = match(base, head, violationKey);
  return [
    ...m.added.map((v) => added(owner(v), "violation", itemName.violation(v), violationState(v))),
    ...m.removed.map((v) => removed(owner(v), "violation", itemName.violation(v), violationState(v))),
    ...m.both
      // The same finding whose URN differs only in form (see violationKey) has not changed: compare it under head's URN.
      .map(([b, a]) => changed(owner(a), "violation", itemName.violation(a), { ...violationState(b), urn: a.urn }, violationState(a)))
      .filter((c): c is Pending => c !== undefined),
  ].filter((c) => !skip.has(c.workload));
}

/** Everything one workload present in both plans gains, loses or changes. */
function diffWorkload(b: PlanWorkload, a: PlanWorkload): Pending[] {
  const name = a.name;
  // Counts move whenever items do; the workload itself changed only if who it is changed (kind, description, consent URL).
  const { counts: _before, ...who } = workloadState(b);
  const { counts: _after, ...whoNow } = workloadState(a);
  const own = canonical(who) === canonical(whoNow) ? undefined : changed(name, "workload", name, workloadState(b), workloadState(a));
  return [
    ...(own ? [own] : []),
    ...diffList(name, "apiPermission", b.apiPermissions, a.apiPermissions, (p) => `${(p.stackApi === undefined ? p.apiAppId : `workload:${p.stackApi}`).toLowerCase()}\n${p.kind}\n${p.name}`, itemName.apiPermission, (p) => p),
    ...diffRoles(name, b.roleAssignments, a.roleAssignments),
    ...diffList(name, "credential", b.credentials, a.credentials, (c) => c.name, itemName.credential, (c) => c),
    ...diffSecrets(name, b.keyVaultSecrets, a.keyVaultSecrets),
    ...diffSecretReaders(name, readersOfSecrets(b), readersOfSecrets(a)),
  ];
}

/** An added workload: itself, plus each permission, role and credential it brings. */
function addedWorkload(w: PlanWorkload): Pending[] {
  return [
    added(w.name, "workload", w.name, workloadState(w)),
    ...w.apiPermissions.map((p) => added(w.name, "apiPermission", itemName.apiPermission(p), p)),
    ...w.roleAssignments.map((r) => added(w.name, "roleAssignment", itemName.roleAssignment(r), r)),
    ...w.credentials.map((c) => added(w.name, "credential", itemName.credential(c), c)),
    ...readersOfSecrets(w).map((r) => added(w.name, "secretReader", readerItem(r), r)),
  ];
}

const kindOrder = (c: Change) => CHANGE_KINDS.indexOf(c.kind);
const changeOrder = { added: 0, changed: 1, removed: 2 } as const;

/** Deterministic order: by workload (stack-level findings last), kind, change, item. */
function compareChanges(x: Change, y: Change): number {
  const wx = x.workload === STACK_LEVEL ? "\uffff" : x.workload;
  const wy = y.workload === STACK_LEVEL ? "\uffff" : y.workload;
  if (wx !== wy) return wx < wy ? -1 : 1;
  return kindOrder(x) - kindOrder(y) || changeOrder[x.change] - changeOrder[y.change] || (x.item < y.item ? -1 : x.item > y.item ? 1 : 0);
}

/** Headline numbers from a list of changes. */
export function summarize(changes: readonly Change[]): DiffSummary {
  const workloads = (type: Change["change"]) => new Set(changes.filter((c) => c.kind === "workload" && c.change === type).map((c) => c.workload));
  const addedSet = workloads("added");
  const removedSet = workloads("removed");
  const changedSet = new Set(
    changes.filter((c) => c.workload !== STACK_LEVEL && !addedSet.has(c.workload) && !removedSet.has(c.workload)).map((c) => c.workload),
  );
  return {
    added: addedSet.size,
    removed: removedSet.size,
    changed: changedSet.size,
    escalations: changes.filter((c) => c.escalation).length,
  };
}

/** The access diff between two plans of the same stack (base = target branch, head = pull request). */
export function diffPlans(base: PlanFile, head: PlanFile): AccessDiff {
  const m = match(base.workloads, head.workloads, (w) => w.name);
  const removedNames = new Set(m.removed.map((w) => w.name));
  const pending: Pending[] = [
    ...m.added.flatMap(addedWorkload),
    ...m.removed.map((w) => removed(w.name, "workload", w.name, workloadState(w))),
    ...m.both.flatMap(([b, a]) => diffWorkload(b, a)),
    // A removed workload is one change and nothing else, its findings included.
    ...diffViolations(base.violations, head.violations, removedNames),
  ];
  const changes = pending.map((c) => judge({ ...c, escalation: false } as Change)).sort(compareChanges);
  return {
    base: { stack: base.stack, generatedAt: base.generatedAt },
    head: { stack: head.stack, generatedAt: head.generatedAt },
    changes,
    summary: summarize(changes),
  };
}
