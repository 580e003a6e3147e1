// Runs the guardrail pack's rules on planned resources without the Pulumi engine, the way
// @pulumi/policy's analyzer does (same args, same enforcement-level and config resolution, same
// waivers), so `npm run plan` and `pulumi preview --policy-pack policies` report the same findings.
// Never imports policies/index.ts: that file starts the pack's gRPC server.
import type { EnforcementLevel, ResourceValidation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { didYouMean } from "../model/catalog";
import type { ReportSink } from "../policies/apply-waivers";
import { packWithWaivers } from "../policies/pack";
import { allPolicies } from "../policies/rules";
import type { EvaluationArgs, WorkloadResource } from "../policies/support";
import type { Waiver } from "../policies/waivers";
import { packConfigShapeProblems, settingProblem, type SettingSchema } from "./policy-settings";
import type { PlanViolation } from "./plan/plan-file";

/** A planned resource as the plan runner captured it. */
export interface PolicyResourceInput {
  urn: string;
  /** Pulumi type token, e.g. `azuread:index/applicationPassword:ApplicationPassword`. */
  type: string;
  /** Logical name. */
  name: string;
  /** Inputs as registered; secret markers are unwrapped and unknowns become `undefined` here. */
  props: Record<string, unknown>;
  /** Parent URN, passed to rules as `opts.parent`. */
  parent?: string;
  /** The workload the resource belongs to, copied to its findings. */
  workload?: string;
}

/** One rule's entry in the pack config: a level, or a level plus the rule's own settings. */
export type PolicyConfigEntry = EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>);

/**
 * Pack config in Pulumi's `--policy-pack-config` form: keyed by rule name, plus `all` for a level
 * every rule takes unless its own entry names one.
 */
export type PackConfig = Record<string, PolicyConfigEntry>;

export interface EvaluateOptions {
  /** The instant lifetimes and waiver expiry are judged at. */
  now: Date;
  config?: PackConfig;
  waivers?: readonly Waiver[];
  /** The rules to run. @default allPolicies */
  policies?: readonly ResourceValidationPolicy[];
}

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

class NotApplicable extends Error {}

/** A pack config the evaluator cannot use (unknown rules, levels or settings): bad input, every problem named. */
export class PolicyConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid policy pack config:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "PolicyConfigError";
  }
}

function pulumiTypeOf(value: unknown): string | undefined {
  const type = (value as { __pulumiType?: unknown } | null | undefined)?.__pulumiType;
  return typeof type === "string" && type !== "" ? type : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Inputs as a rule sees them in the engine: secrets unwrapped, unknowns absent. */
export function policyProps(value: unknown): unknown {
  if (value === unknownValue) return undefined;
  if (Array.isArray(value)) return value.map(policyProps);
  if (!isPlainObject(value)) return value;
  if (value[specialSigKey] === specialSecretSig) return policyProps(value.value);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, policyProps(v)]));
}

function entryOf(config: PackConfig, name: string): { level?: EnforcementLevel; settings: Record<string, unknown> } {
  const entry = config[name];
  if (entry === undefined) return { settings: {} };
  if (typeof entry === "string") return { level: entry, settings: {} };
  const { enforcementLevel, ...settings } = entry;
  return { level: enforcementLevel, settings };
}

/** Throws on config a reviewer would want to hear about: unknown rules, unknown levels, unknown settings. */
function checkConfig(config: PackConfig, policies: readonly ResourceValidationPolicy[]): void {
  // The shape first (an entry that is null, a number, a list): read further, it would mean "no config" or crash.
  const shape = packConfigShapeProblems(config);
  if (shape.length > 0) throw new PolicyConfigError(shape);
  const names = policies.map((p) => p.name);
  const problems: string[] = [];
  for (const key of Object.keys(config)) {
    const policy = policies.find((p) => p.name === key);
    if (key !== "all" && !policy) problems.push(`${key}: unknown rule${didYouMean(key, names)}`);
    const { level, settings } = entryOf(config, key);
    if (level !== undefined && !LEVELS.includes(level)) problems.push(`${key}: unknown enforcement level ${JSON.stringify(String(level).slice(0, 40))}${String(level).length > 40 ? "…" : ""} (use ${LEVELS.join(", ")})`);
    const known = Object.keys(policy?.configSchema?.properties ?? {});
    for (const setting of Object.keys(settings)) {
      if (!known.includes(setting)) problems.push(`${key}.${setting}: unknown setting${known.length ? didYouMean(setting, known) : ` (${key} takes only enforcementLevel)`}`);
      else {
        const problem = settingProblem((policy?.configSchema?.properties ?? {})[setting] as SettingSchema, settings[setting]);
        if (problem !== undefined) problems.push(`${key}.${setting}: ${problem}`);
      }
    }
  }
  if (problems.length > 0) throw new PolicyConfigError(problems);
}

/** Every problem of a pack config, checked against the pack's rules (each rule's configSchema); none when it is usable. */
export function policyConfigProblems(config: PackConfig, policies: readonly ResourceValidationPolicy[] = allPolicies): string[] {
  try {
    checkConfig(config, policies);
    return [];
  } catch (error) {
    if (error instanceof PolicyConfigError) return [...error.problems];
    throw error;
  }
}

/** The level a rule runs at: its own config entry, else `all`, else its default, else advisory (the engine's order). */
export function effectiveLevel(policy: ResourceValidationPolicy, config: PackConfig = {}): EnforcementLevel {
  return entryOf(config, policy.name).level ?? entryOf(config, "all").level ?? policy.enforcementLevel ?? "advisory";
}

function settingsOf(policy: ResourceValidationPolicy, config: PackConfig): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
    if (typeof schema === "object" && schema.default !== undefined) defaults[key] = schema.default;
  }
  return { ...defaults, ...entryOf(config, policy.name).settings };
}

function argsFor(resource: PolicyResourceInput, props: Record<string, unknown>, settings: Record<string, unknown>, now: Date, siblings?: readonly WorkloadResource[]): EvaluationArgs {
  const isType = (resourceClass: unknown): boolean => pulumiTypeOf(resourceClass) === resource.type;
  return {
    type: resource.type,
    props,
    urn: resource.urn,
    name: resource.name,
    opts: {
      protect: false,
      ignoreChanges: [],
      aliases: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      additionalSecretOutputs: [],
      parent: resource.parent,
    },
    stackTags: new Map(),
    isType,
    asType: ((resourceClass: unknown) => (isType(resourceClass) ? props : undefined)) as ResourceValidationArgs["asType"],
    getConfig: <T extends object>() => ({ ...settings }) as T,
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason);
    },
    now,
    ...(resource.workload === undefined ? {} : { workload: resource.workload }),
    ...(siblings === undefined ? {} : { workloadResources: siblings }),
  };
}

/**
 * Every finding of the pack on `resources`, ordered by resource URN, then rule (issue 4's table
 * order), then report order. Waivers apply as in the engine: a holding waiver turns a finding into
 * an advisory note naming it, an expired one is a mandatory violation. Throws on invalid config and
 * on a rule that fails (a bug, never a finding).
 */
export function evaluatePolicies(resources: readonly PolicyResourceInput[], options: EvaluateOptions): PlanViolation[] {
  const config = options.config ?? {};
  const policies = options.policies ?? allPolicies;
  checkConfig(config, policies);
  const runnable = packWithWaivers(options.waivers ?? [], policies)
    .map((policy) => ({ policy, level: effectiveLevel(policy, config), settings: settingsOf(policy, config) }))
    .filter((p) => p.level !== "disabled");
  const sorted = [...resources].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
  const violations: PlanViolation[] = [];
  // Every resource of each workload, for the rules that judge a resource by its workload (no-client-secret, federated-trust).
  const byWorkload = new Map<string, WorkloadResource[]>();
  for (const r of sorted) {
    if (r.workload !== undefined) byWorkload.set(r.workload, [...(byWorkload.get(r.workload) ?? []), { type: r.type, name: r.name, props: (policyProps(r.props) ?? {}) as Record<string, unknown> }]);
  }

  for (const resource of sorted) {
    const props = (policyProps(resource.props) ?? {}) as Record<string, unknown>;
    for (const { policy, level, settings } of runnable) {
      const validations: ResourceValidation[] = policy.validateResource === undefined ? [] : [policy.validateResource].flat();
      const onlyType = validations.length === 1 ? pulumiTypeOf(validations[0]) : undefined;
      if (onlyType !== undefined && onlyType !== resource.type) continue; // the engine's fast filter
      const sink: ReportSink = (report) => {
        const finding = typeof report === "string" ? { message: report, enforcementLevel: level, waiver: undefined, item: undefined } : report;
        violations.push({
          policy: policy.name,
          enforcement: (finding.enforcementLevel ?? level) === "advisory" ? "advisory" : "mandatory",
          urn: resource.urn,
          message: finding.message,
          ...(resource.workload !== undefined ? { workload: resource.workload } : {}),
          ...(finding.item !== undefined ? { item: finding.item } : {}),
          ...(finding.waiver !== undefined ? { waiver: finding.waiver } : {}),
        });
      };
      for (const validation of validations) {
        try {
          const result = validation(argsFor(resource, props, settings, options.now, resource.workload === undefined ? undefined : byWorkload.get(resource.workload)), sink);
          if (result instanceof Promise) throw new Error("the rule is asynchronous; the offline evaluator runs synchronous rules only");
        } catch (e) {
          if (e instanceof NotApplicable) continue;
          throw new Error(`policy ${policy.name} failed on ${resource.urn}: ${(e as Error).message}`, { cause: e });
        }
      }
    }
  }
  return violations;
}
