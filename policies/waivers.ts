import * as path from "node:path";
import { parseDocument } from "yaml";
import { z } from "zod";
import { didYouMean, isGuid, role } from "../model/catalog";
import { MAX_YAML_BYTES, readBoundedText, yamlNestingProblem } from "../model/input-file";
import { parseUrn } from "../model/urn";
import { formatPath } from "../model/paths";
import { describeYamlError } from "../model/yaml-errors";
import { RULE_NAMES } from "./rule-names";

const ruleNames: readonly string[] = RULE_NAMES;

/** The reviewed exceptions the pack applies unless told otherwise (`npm run plan -- --waivers FILE`). */
export const WAIVERS_FILE = path.join(__dirname, "waivers.yaml");

/**
 * One reviewed exception from a rule for one resource, as listed in `policies/waivers.yaml`.
 * Until it expires, the rule's finding on that resource becomes an advisory note naming the waiver;
 * once expired, the waiver itself is a mandatory violation.
 */
export interface Waiver {
  /** Rule name, e.g. `privileged-role-assignment`. */
  rule: string;
  /**
   * The resource's logical name (`law-reader-ra-0`) or its full URN as the engine gives it, every parent's type in it
   * (copy it from plan.json; a URN with only the immediate parent's type, as plans had before, matches nothing and
   * `plan` says which URN it meant: preview/plan/unmatched-waivers.ts). Or name the `workload`.
   */
  resource?: string;
  /** The workload (manifest key) the waiver is for; every finding of the rule on it unless `item` narrows it. */
  workload?: string;
  /** One finding's item within the workload: a permission (`RoleManagement.ReadWrite.Directory`), a `role@scope`, a credential. */
  item?: string;
  /** The stacks the waiver holds in; every stack when absent. */
  stacks?: string[];
  /** Why the exception is acceptable, for the next reviewer. */
  reason: string;
  /** Who approved it (person, group or ticket). */
  approvedBy: string;
  /** Last day the waiver holds (`YYYY-MM-DD`, valid through that day UTC) or an exact ISO-8601 instant. */
  expires: string;
}

/** A waiver file that cannot be used; `problems` lists every one, each starting with its path. */
export class WaiverFileError extends Error {
  constructor(readonly source: string, readonly problems: readonly string[]) {
    super(`${source} is invalid:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "WaiverFileError";
  }
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** The instant a waiver stops holding: the start of the day after a `YYYY-MM-DD`, or the exact instant given. */
export function waiverExpiry(waiver: Pick<Waiver, "expires">): Date {
  return parseExpiry(waiver.expires) ?? new Date(Number.NaN);
}

function parseExpiry(value: string): Date | undefined {
  if (DATE_ONLY.test(value)) {
    const day = new Date(`${value}T00:00:00Z`);
    if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) return undefined; // 2026-02-30
    return new Date(day.getTime() + 24 * 60 * 60 * 1000);
  }
  if (!DATE_TIME.test(value)) return undefined;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}

/** Whether the waiver no longer holds at `now`. */
export function isExpired(waiver: Pick<Waiver, "expires">, now: Date): boolean {
  return !(now.getTime() < waiverExpiry(waiver).getTime());
}

const text = (what: string) => z.string({ error: (issue) => (issue.input === undefined ? "is required" : `must be ${what}`) });

const waiverSchema = z.strictObject({
  rule: text("a rule name").refine((rule) => ruleNames.includes(rule), {
    error: (issue) => `unknown rule "${String(issue.input)}"${didYouMean(String(issue.input), ruleNames)}`,
  }),
  resource: text("a logical resource name or URN").trim().min(1, { error: "must name a resource (logical name or URN)" })
    // A URN is read as the engine reads one (model/urn.ts, urn.go IsValid): anything else could never match a resource.
    .refine((value) => !value.startsWith("urn:") || parseUrn(value) !== undefined, {
      error: (issue) => `"${String(issue.input)}" is not a Pulumi URN (urn:pulumi:<stack>::<project>::<qualified type>::<name>); copy the resource's urn from plan.json, or give its logical name`,
    }).optional(),
  workload: text("a workload name").trim().min(1, { error: "must name a workload (its key under workloads:)" }).optional(),
  item: text("a permission, role@scope or credential name").trim().min(1, { error: "must name the finding's item, or be left out" }).optional(),
  stacks: z.array(text("a stack name").trim().min(1), { error: "must be a list of stack names" }).min(1, { error: "must name at least one stack, or be left out" }).optional(),
  reason: text("text").trim().min(1, { error: "must say why the exception is acceptable" }),
  approvedBy: text("text").trim().min(1, { error: "must name who approved the waiver" }),
  // YAML 1.1 parsers turn unquoted dates into timestamps; accept those as the day they name.
  expires: z.preprocess(
    (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value),
    text("a date").refine((value) => parseExpiry(value) !== undefined, {
      error: (issue) => `"${String(issue.input)}" is not a date (use YYYY-MM-DD, or an ISO-8601 date-time with a zone)`,
    }),
  ),
}, { error: "must be a waiver: a mapping with rule, workload (or resource), reason, approvedBy and expires" })
  .refine((w) => (w.resource === undefined) !== (w.workload === undefined), {
    error: "must name either workload (with an optional item) or resource (a logical name or URN), not both and not neither",
  })
  .refine((w) => w.item === undefined || w.workload !== undefined, { error: "item narrows a workload waiver: add workload", path: ["item"] })
  // A URN names its stack (model/urn.ts): limited to other stacks, the waiver can match in no stack at all, and no plan
  // would ever say so (each plan leaves a waiver of other stacks alone). Issue 12, fourth pass.
  .superRefine((w, ctx) => {
    const urnStack = w.resource === undefined ? undefined : parseUrn(w.resource)?.stack;
    if (urnStack === undefined || w.stacks === undefined || w.stacks.includes(urnStack)) return;
    ctx.addIssue({
      code: "custom", path: ["stacks"],
      message: `[${w.stacks.join(", ")}] leaves out stack ${urnStack}, the only stack whose resource the URN can name, so the waiver holds nowhere; write stacks: [${urnStack}], or the URN of the stack meant (copy it from that stack's plan.json)`,
    });
  });

const fileSchema = z.strictObject({
  waivers: z.array(waiverSchema, { error: "must be a list of waivers" }).nullish().transform((list) => list ?? []),
}, { error: 'must be a mapping with a "waivers" list' });

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = formatPath(issue.path);
  if (issue.code === "unrecognized_keys") {
    const allowed = where === "" ? ["waivers"] : ["rule", "workload", "item", "resource", "stacks", "reason", "approvedBy", "expires"];
    return issue.keys.map((key) => `${where === "" ? key : `${where}.${key}`}: unknown field${didYouMean(key, allowed)}`).join("\n");
  }
  return `${where === "" ? "(file)" : where}: ${issue.message}`;
}

/** Parses the text of a waiver file; throws `WaiverFileError` naming every problem by its path (`waivers[2].expires: …`). */
export function parseWaivers(source: string, sourceName = "policies/waivers.yaml"): Waiver[] {
  const doc = parseDocument(source);
  if (doc.errors.length > 0) {
    throw new WaiverFileError(sourceName, doc.errors.map((e) => describeYamlError(e, sourceName)));
  }
  let data: unknown;
  try {
    data = doc.toJS() ?? {};
  } catch (error) {
    // The yaml library bounds alias expansion ("Excessive alias count indicates a resource exhaustion attack").
    throw new WaiverFileError(sourceName, [`(file): its YAML aliases expand too far (${(error as Error).message}); write the waivers out`]);
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    throw new WaiverFileError(sourceName, parsed.error.issues.flatMap((issue) => describeIssue(issue).split("\n")));
  }
  return parsed.data.waivers.map((w) => ({
    rule: w.rule,
    ...(w.resource === undefined ? {} : { resource: w.resource }),
    ...(w.workload === undefined ? {} : { workload: w.workload }),
    ...(w.item === undefined ? {} : { item: w.item }),
    ...(w.stacks === undefined ? {} : { stacks: w.stacks }),
    reason: w.reason, approvedBy: w.approvedBy, expires: w.expires,
  }));
}

/** Reads and parses a waiver file; a missing file means no waivers. */
export function loadWaivers(file: string): Waiver[] {
  // Bounded like every input (model/input-file.ts): a directory, device, FIFO, huge, UTF-16 or deeply nested file is
  // a WaiverFileError naming the limit, never read whole (issue 12).
  const read = readBoundedText(file, file, MAX_YAML_BYTES);
  if (read.problem !== undefined && read.problem.endsWith(": no such file")) return [];
  const problem = read.problem ?? yamlNestingProblem(read.text ?? "", file);
  if (problem !== undefined) throw new WaiverFileError(file, [problem]);
  // An empty file is a truncated or mistaken one, not "no waivers" (that is `waivers: []`).
  if ((read.text ?? "").trim() === "") throw new WaiverFileError(file, ["(file): the file is empty; a waiver file holds `waivers:` and a list (write `waivers: []` for none)"]);
  return parseWaivers(read.text ?? "", file);
}

/**
 * A finding's item as waivers compare it: letter case aside, and for a `role@scope` item the role by its catalog
 * name (a built-in role written by GUID, in any case, is the same role) and the scope without trailing slashes —
 * ARM compares scopes case-insensitively and without a trailing slash (model/role-assignment-names.ts canonicalScope),
 * and the manifest drops the slash before the finding names the scope.
 */
export function canonicalItem(item: string): string {
  const at = item.indexOf("@");
  if (at < 0) return item.toLowerCase();
  const roleOf = item.slice(0, at);
  const known = isGuid(roleOf) ? role(roleOf) : undefined;
  const name = known?.ok ? known.value.name : roleOf;
  return `${name}@${item.slice(at + 1).replace(/\/+$/, "")}`.toLowerCase();
}
