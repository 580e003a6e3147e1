import type { ReportViolation, ResourceValidation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { evaluationTime } from "./support";
import { isExpired, type Waiver } from "./waivers";

/**
 * The object form of a violation report. @pulumi/policy's engine accepts it (its `reportViolation`
 * takes `{ message, enforcementLevel, … }` as well as a string, and uses that level for the one
 * finding) though its typings only declare the string form; the offline evaluator accepts both.
 * `waiver` is ours: the engine ignores it, the evaluator copies it to plan.json.
 */
export interface ViolationReport {
  message: string;
  enforcementLevel: "advisory" | "mandatory";
  waiver?: string;
}

export type ReportSink = (report: string | ViolationReport) => void;

/** The short name of a waiver in findings and plan.json: `<rule>:<resource>`. */
export function waiverLabel(waiver: Waiver): string {
  return `${waiver.rule}:${waiver.resource}`;
}

/** The waivers that name `rule` for this resource, by logical name or URN. */
export function waiversFor(waivers: readonly Waiver[], rule: string, resource: { urn: string; name: string }): Waiver[] {
  return waivers.filter((w) => w.rule === rule && (w.resource === resource.name || w.resource === resource.urn));
}

/** The advisory note a holding waiver turns a finding into. */
export function waivedReport(waiver: Waiver, message: string): ViolationReport {
  return {
    enforcementLevel: "advisory",
    waiver: waiverLabel(waiver),
    message: `Waived by "${waiverLabel(waiver)}" (approved by ${waiver.approvedBy}, until ${waiver.expires}: ${waiver.reason}). Finding: ${message}`,
  };
}

/** The mandatory violation an expired waiver is. */
export function expiredWaiverReport(waiver: Waiver): ViolationReport {
  return {
    enforcementLevel: "mandatory",
    message: `The waiver "${waiverLabel(waiver)}" (approved by ${waiver.approvedBy}: ${waiver.reason}) expired on ${waiver.expires}. ` +
      "Fix: resolve the finding and delete the waiver from policies/waivers.yaml, or renew it with a new review and a later expires.",
  };
}

/**
 * Judges one finding against the waivers: the first holding waiver turns it into an advisory note;
 * without one it stays as reported. Pure; expired waivers are reported separately (`expiredWaiverReport`).
 */
export function judgeFinding(message: string, waivers: readonly Waiver[], rule: string, resource: { urn: string; name: string }, now: Date): string | ViolationReport {
  const holding = waiversFor(waivers, rule, resource).find((w) => !isExpired(w, now));
  return holding ? waivedReport(holding, message) : message;
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
      const named = waiversFor(mine, policy.name, args);
      if (index === 0 && (types === undefined || types.has(args.type))) {
        for (const expired of named.filter((w) => isExpired(w, now))) sink(expiredWaiverReport(expired));
      }
      const report: ReportViolation = (message) => sink(judgeFinding(message, named, policy.name, args, now));
      return validation(args, report);
    };
    const type = pulumiTypeOf(validation);
    if (type !== undefined) Object.assign(fn, { __pulumiType: type });
    return fn;
  });
  return { ...policy, validateResource: wrapped.length === 1 ? wrapped[0] : wrapped };
}
