import type { ResourceValidationArgs } from "@pulumi/policy";

/** Milliseconds in a day. */
export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Validation args as the offline evaluator builds them: the engine's args plus the evaluation time,
 * so a plan made with `--now` judges lifetimes against that instant. The Pulumi engine passes no
 * `now`; rules then use the wall clock.
 */
export interface EvaluationArgs extends ResourceValidationArgs {
  now?: Date;
  /** The workload (manifest key) the resource belongs to, when the evaluator knows it (the plan runner does). */
  workload?: string;
  /** Every resource of that workload (this one included), inputs as rules see them. */
  workloadResources?: readonly WorkloadResource[];
}

/** One resource of a workload as a rule that judges across the workload sees it. */
export interface WorkloadResource {
  type: string;
  name: string;
  props: Record<string, unknown>;
}

/**
 * The resources of the workload this resource belongs to, when the evaluator knows them (`npm run plan`); `undefined`
 * in the Pulumi engine, whose resource policies see one resource at a time: rules that need the workload (no-client-secret,
 * federated-trust) then report nothing, as policies/README.md says.
 */
export function workloadResourcesOf(args: ResourceValidationArgs): readonly WorkloadResource[] | undefined {
  const list = (args as EvaluationArgs).workloadResources;
  return Array.isArray(list) ? list : undefined;
}

/**
 * The workload a resource belongs to: the evaluator's (it walks the parent chain to the Workload component); in the
 * Pulumi engine, which passes no workload, `undefined`.
 */
export function workloadOf(args: ResourceValidationArgs): string | undefined {
  const workload = (args as EvaluationArgs).workload;
  return typeof workload === "string" && workload !== "" ? workload : undefined;
}

/** How a finding names what it is about: `workload "graph-daemon"`, or the resource's logical name when the workload is unknown. */
export function subjectOf(args: ResourceValidationArgs): string {
  const workload = workloadOf(args);
  return workload === undefined ? `resource "${args.name}"` : `workload "${workload}"`;
}

/** The stack of a resource URN (`urn:pulumi:<stack>::<project>::…`). */
export function stackOfUrn(urn: string): string | undefined {
  return /^urn:pulumi:([^:]+)::/.exec(urn)?.[1];
}

/** The instant lifetimes are measured from: `args.now` when the evaluator gives one, else the wall clock. */
export function evaluationTime(args: ResourceValidationArgs): Date {
  const now = (args as EvaluationArgs).now;
  return now instanceof Date ? now : new Date();
}

/** The rule's config with the schema defaults filled in for anything the pack config leaves out. */
export function ruleConfig<T extends object>(args: ResourceValidationArgs, defaults: T): T {
  const given = args.getConfig<Partial<T>>();
  const merged: T = { ...defaults };
  for (const key of Object.keys(defaults) as (keyof T)[]) {
    const value = given[key];
    if (value !== undefined && value !== null) merged[key] = value;
  }
  return merged;
}

/** A date from an ISO-8601 string; `undefined` for anything else (unknown during preview, or malformed). */
export function parseDate(value: unknown): Date | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Whole and fractional days between two instants, rounded to one decimal for messages. */
export function daysBetween(from: Date, to: Date): number {
  return Math.round(((to.getTime() - from.getTime()) / DAY_MS) * 10) / 10;
}

/**
 * Milliseconds of a Go duration such as `8760h` or `2160h30m` (the form azuread's `endDateRelative`
 * takes); `undefined` when it is not one.
 */
export function parseGoDuration(value: unknown): number | undefined {
  if (typeof value !== "string" || !/^(\d+(\.\d+)?(h|m|s|ms))+$/.test(value)) return undefined;
  const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let total = 0;
  for (const [, amount, , suffix] of value.matchAll(/(\d+(\.\d+)?)(ms|h|m|s)/g)) {
    total += Number(amount) * unit[suffix];
  }
  return total;
}

/** The trailing GUID of an ARM id such as `/subscriptions/…/providers/Microsoft.Authorization/roleDefinitions/<guid>`. */
export function trailingGuid(resourceId: unknown): string | undefined {
  if (typeof resourceId !== "string") return undefined;
  const match = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i.exec(resourceId);
  return match?.[1].toLowerCase();
}

/** The strings of a list that may be unknown or hold unknown elements during preview. */
export function knownStrings(list: unknown): string[] {
  return Array.isArray(list) ? list.filter((v): v is string => typeof v === "string") : [];
}

/** The dates an Entra key or password credential declares: start, end, or an end relative to the start. */
export interface CredentialDates {
  startDate?: unknown;
  endDate?: unknown;
  endDateRelative?: unknown;
}

/**
 * A credential's validity window: from its start (else `fallback.from`, else now) to its end date (else the
 * relative end, else `fallback.to`). `end` is undefined when nothing says when it ends.
 */
export function credentialWindow(dates: CredentialDates, args: ResourceValidationArgs, fallback?: { from: Date; to: Date }): { start: Date; end?: Date } {
  const start = parseDate(dates.startDate) ?? fallback?.from ?? evaluationTime(args);
  const relative = parseGoDuration(dates.endDateRelative);
  const end = parseDate(dates.endDate) ?? (relative === undefined ? fallback?.to : new Date(start.getTime() + relative));
  return { start, end };
}

/** The Pulumi type token of a resource class (`azuread:index/application:Application`), as the engine filters on. */
export function typeToken(resourceClass: unknown): string {
  const token = (resourceClass as { __pulumiType?: unknown }).__pulumiType;
  if (typeof token !== "string") throw new Error("not a Pulumi resource class");
  return token;
}
