import type { ReportViolation, ResourceValidation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { evaluationTime, stackOfUrn, subjectOf, workloadOf } from "./support";
import { canonicalItem, isExpired, type Waiver } from "./waivers";

/**
 * The object form of a violation report. @pulumi/policy's engine accepts it (its `reportViolation`
 * takes `{ message, enforcementLevel, … }` as well as a string, and uses that level for the one
 * finding) though its typings only declare the string form; the offline evaluator accepts both.
 * `waiver` is ours: the engine ignores it, the evaluator copies it to plan.json.
 */
export interface ViolationReport {
  message: string;
  /** The finding's level; the rule's configured level when absent (as in the engine). */
  enforcementLevel?: "advisory" | "mandatory";
  waiver?: string;
  /** What the finding is about within its workload (a permission, `role@scope`, a credential): what a waiver's `item` names. */
  item?: string;
}

export type ReportSink = (report: string | ViolationReport) => void;

/** What a waiver is matched against: the resource, and the workload the evaluator knows it belongs to. */
export interface WaiverTarget {
  urn: string;
  name: string;
  workload?: string;
}

/** The short name of a waiver in findings and plan.json: `<rule>:<resource>`, `<rule>:<workload>` or `<rule>:<workload>/<item>`. */
export function waiverLabel(waiver: Waiver): string {
  if (waiver.workload === undefined) return `${waiver.rule}:${waiver.resource ?? ""}`;
  return `${waiver.rule}:${waiver.workload}${waiver.item === undefined ? "" : `/${waiver.item}`}`;
}

function inStack(waiver: Waiver, urn: string): boolean {
  return waiver.stacks === undefined || waiver.stacks.includes(stackOfUrn(urn) ?? "");
}

/**
 * Whether a workload waiver names the resource's workload. The evaluator passes the workload; the Pulumi engine
 * passes none, so there the resource's logical name must start with `<workload>-` (every resource a workload
 * declares is named so: model/naming.ts, components/).
 */
function namesWorkload(waiver: Waiver, target: WaiverTarget): boolean {
  if (waiver.workload === undefined) return false;
  return target.workload !== undefined ? target.workload === waiver.workload : target.name.startsWith(`${waiver.workload}-`);
}

/**
 * The resource-form waivers that name `rule` for this resource, by logical name or URN (and stack). The URN is compared
 * exactly: the engine's, every parent's type in it, which the offline runner gives too (model/urn.ts); the
 * older offline form is not matched (the engine never gave it) but reported by `plan` with the URN it meant.
 */
export function waiversFor(waivers: readonly Waiver[], rule: string, resource: WaiverTarget): Waiver[] {
  return waivers.filter((w) => w.rule === rule && w.resource !== undefined && (w.resource === resource.name || w.resource === resource.urn) && inStack(w, resource.urn));
}

/** The workload-form waivers that cover one finding: same rule, workload and stack, and the finding's item when the waiver names one. */
export function workloadWaiversFor(waivers: readonly Waiver[], rule: string, target: WaiverTarget, item: string | undefined): Waiver[] {
  return waivers.filter((w) => w.rule === rule && namesWorkload(w, target) && inStack(w, target.urn) &&
    (w.item === undefined || (item !== undefined && canonicalItem(w.item) === canonicalItem(item))));
}

/** The advisory note a holding waiver turns a finding into. */
export function waivedReport(waiver: Waiver, message: string, item?: string): ViolationReport {
  return {
    enforcementLevel: "advisory",
    waiver: waiverLabel(waiver),
    ...(item === undefined ? {} : { item }),
    message: `Waived by "${waiverLabel(waiver)}" (approved by ${waiver.approvedBy}, until ${waiver.expires}: ${waiver.reason}). Finding: ${message}`,
  };
}

/** The mandatory violation an expired waiver is; with `finding`, the finding it no longer covers. */
export function expiredWaiverReport(waiver: Waiver, finding?: { message: string; item?: string }): ViolationReport {
  return {
    enforcementLevel: "mandatory",
    ...(finding?.item === undefined ? {} : { item: finding.item }),
    message: `The waiver "${waiverLabel(waiver)}" (approved by ${waiver.approvedBy}: ${waiver.reason}) expired on ${waiver.expires}. ` +
      "Fix: resolve the finding and delete the waiver from policies/waivers.yaml, or renew it with a new review and a later expires." +
      (finding === undefined ? "" : ` Finding: ${finding.message}`),
  };
}

/**
 * Judges one finding against the waivers: the first holding waiver (resource form, or workload form covering the
 * finding's item) turns it into an advisory note; a workload waiver that covers it but has expired makes it a
 * mandatory violation naming that waiver; otherwise it stays as reported. Pure; expired resource-form waivers are
 * reported separately (`expiredWaiverReport`).
 */
export function judgeFinding(report: string | ViolationReport, waivers: readonly Waiver[], rule: string, resource: WaiverTarget, now: Date): string | ViolationReport {
  const { message, item } = typeof report === "string" ? { message: report, item: undefined } : report;
  const covering = [...waiversFor(waivers, rule, resource), ...workloadWaiversFor(waivers, rule, resource, item)];
  const holding = covering.find((w) => !isExpired(w, now));
  if (holding) return waivedReport(holding, message, item);
  const expired = covering.find((w) => w.workload !== undefined);
  return expired ? expiredWaiverReport(expired, { message, item }) : report;
}

function pulumiTypeOf(fn: unknown): string | undefined {
  const type = (fn as { __pulumiType?: unknown } | undefined)?.__pulumiType;
  return typeof type === "string" && type !== "" ? type : undefined;
}

/** The resource types a policy's validations are limited to; `undefined` when any validation takes all types. */
export function policyTypes(policy: ResourceValidationPolicy): ReadonlySet<string> | undefined {
  const validations = policy.validateResource === undefined ? [] : [policy.validateResource].flat();
  const types = validations.map(pulumiTypeOf);
  return types.every((t): t is string => t !== undefined) ? new Set(types) : undefined;
}

/**
 * The policy with `waivers` applied in its report path, for the Pulumi engine and the offline
 * evaluator alike: a finding on a waived resource is reported as an advisory note naming the waiver,
 * and each expired waiver for this rule is reported, once per resource it names, as a mandatory violation.
 * Keeps the `__pulumiType` the engine filters on.
 */
export function withWaivers(policy: ResourceValidationPolicy, waivers: readonly Waiver[]): ResourceValidationPolicy {
  const mine = waivers.filter((w) => w.rule === policy.name);
  if (mine.length === 0 || policy.validateResource === undefined) return policy;
  const types = policyTypes(policy);
  const validations = [policy.validateResource].flat();
  const wrapped = validations.map((validation, index): ResourceValidation => {
    const fn: ResourceValidation = (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
      const sink = reportViolation as unknown as ReportSink;
      const now = evaluationTime(args);
      const target: WaiverTarget = { urn: args.urn, name: args.name, workload: workloadOf(args) };
      const named = waiversFor(mine, policy.name, target);
      if (index === 0 && (types === undefined || types.has(args.type))) {
        for (const expired of named.filter((w) => isExpired(w, now))) sink(expiredWaiverReport(expired));
      }
      const report = ((message: string | ViolationReport) => sink(judgeFinding(message, mine, policy.name, target, now))) as unknown as ReportViolation;
      return validation(args, report);
    };
    const type = pulumiTypeOf(validation);
    if (type !== undefined) Object.assign(fn, { __pulumiType: type });
    return fn;
  });
  return { ...policy, validateResource: wrapped.length === 1 ? wrapped[0] : wrapped };
}

/**
 * The policy with every finding naming what it is about: the message starts with the workload (`workload "x": …`, or
 * the resource's logical name where the workload is unknown), and a finding without an `item` gets the resource's
 * logical name as its item (what a waiver's `item` can name). Keeps the `__pulumiType` the engine filters on.
 */
export function withSubject(policy: ResourceValidationPolicy): ResourceValidationPolicy {
  if (policy.validateResource === undefined) return policy;
  const validations = [policy.validateResource].flat();
  const wrapped = validations.map((validation): ResourceValidation => {
    const fn: ResourceValidation = (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
      const sink = reportViolation as unknown as ReportSink;
      const prefix = `${subjectOf(args)}: `;
      const report = ((r: string | ViolationReport) => {
        const finding: ViolationReport = typeof r === "string" ? { message: r } : { ...r };
        if (!finding.message.startsWith(prefix)) finding.message = prefix + finding.message;
        finding.item ??= args.name;
        sink(finding);
      }) as unknown as ReportViolation;
      return validation(args, report);
    };
    const type = pulumiTypeOf(validation);
    if (type !== undefined) Object.assign(fn, { __pulumiType: type });
    return fn;
  });
  return { ...policy, validateResource: wrapped.length === 1 ? wrapped[0] : wrapped };
}
