import type { CredentialSummary } from "../../model/summary";
import type { WatchedWorkload, WatchInput } from "./sources";

const DAY = 86_400_000;

/** One credential that ends within the window. */
export interface ExpiringCredential {
  credential: CredentialSummary;
  endDate: string;
  /** Whole days from `now` to the end date, rounded down; negative once it has ended. */
  daysLeft: number;
  /** True when it has already ended. */
  expired: boolean;
}

/** A workload with its expiring credentials, soonest first. */
export interface ExpiringWorkload {
  workload: string;
  credentials: ExpiringCredential[];
}

/** The watch's answer. */
export interface ExpiryReport {
  stack?: string;
  now: string;
  withinDays: number;
  /** Workloads with at least one credential ending in the window, the one ending soonest first. */
  workloads: ExpiringWorkload[];
}

/** Which rotating pair a credential belongs to: its type and its name without the slot (`law-reader-secret-blue` → `secret law-reader-secret`). */
function pairKey(c: CredentialSummary): string {
  const slot = c.slot ?? "";
  const name = c.name.replace(new RegExp(`(^|-)${slot}(?=-|$)`), "");
  return `${c.type}\n${name}`;
}

const endTime = (c: CredentialSummary) => (c.endDate === undefined ? -Infinity : Date.parse(c.endDate));

/**
 * The credentials that count: every credential outside a rotating pair, and of each pair only its
 * newest member (`newest: true`; else the one ending last). The previous member is meant to lapse.
 */
export function watchedCredentials(credentials: readonly CredentialSummary[]): CredentialSummary[] {
  const single = credentials.filter((c) => c.slot === undefined);
  const pairs = new Map<string, CredentialSummary[]>();
  for (const c of credentials.filter((x) => x.slot !== undefined)) pairs.set(pairKey(c), [...(pairs.get(pairKey(c)) ?? []), c]);
  const newest = [...pairs.values()].map(
    (members) => members.find((m) => m.newest === true) ?? [...members].sort((a, b) => endTime(b) - endTime(a))[0],
  );
  return [...single, ...newest];
}

/** Credentials of one workload ending on or before `now + withinDays`, soonest first. */
export function expiringIn(workload: WatchedWorkload, now: Date, withinDays: number): ExpiringCredential[] {
  const horizon = now.getTime() + withinDays * DAY;
  return watchedCredentials(workload.credentials)
    .filter((c): c is CredentialSummary & { endDate: string } => c.endDate !== undefined && Date.parse(c.endDate) <= horizon)
    .map((c) => {
      const end = Date.parse(c.endDate);
      return { credential: c, endDate: c.endDate, daysLeft: Math.floor((end - now.getTime()) / DAY), expired: end <= now.getTime() };
    })
    .sort((a, b) => Date.parse(a.endDate) - Date.parse(b.endDate) || a.credential.name.localeCompare(b.credential.name));
}

/** Every credential ending within `withinDays` of `now`, per workload, soonest first. */
export function watchExpiry(input: WatchInput, now: Date, withinDays: number): ExpiryReport {
  const workloads = input.workloads
    .map((w) => ({ workload: w.name, credentials: expiringIn(w, now, withinDays) }))
    .filter((w) => w.credentials.length > 0)
    .sort((a, b) => Date.parse(a.credentials[0]?.endDate ?? "") - Date.parse(b.credentials[0]?.endDate ?? "") || a.workload.localeCompare(b.workload));
  const report: ExpiryReport = { now: now.toISOString(), withinDays, workloads };
  if (input.stack !== undefined) report.stack = input.stack;
  return report;
}
