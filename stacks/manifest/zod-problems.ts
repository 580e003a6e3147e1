import { z } from "zod";
import { closest, didYouMean } from "../../model/catalog";
import type { PathSegment, ProblemList } from "./problems";
import * as schema from "./schema";

function shapeKeys(s: z.ZodType): string[] {
  const shape = (s as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

/** Every field name the manifest knows, for "did you mean" on a misspelt key. */
const KNOWN_FIELDS = [...new Set([
  schema.workload, schema.secretCredential, schema.certificateCredential, schema.federatedCredential,
  schema.apiPermission, schema.roleAssignment, schema.keyVault, schema.defaults,
].flatMap(shapeKeys).concat("redirectUris"))];

function describe(issue: z.core.$ZodIssue): { extraPath?: PathSegment; message: string }[] {
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => ({ extraPath: key, message: `unknown field "${key}"${didYouMean(key, KNOWN_FIELDS, 1)}` }));
    case "invalid_type":
      if (/received undefined/.test(issue.message)) return [{ message: "is required" }];
      return [{ message: `must be ${issue.expected === "record" || issue.expected === "object" ? "a map of fields" : issue.expected === "array" ? "a list" : `a ${issue.expected}`}` }];
    case "invalid_union":
      if (issue.discriminator) {
        return [{ message: "must be one of secret, certificate, federated" }];
      }
      return [{ message: issue.message }];
    case "invalid_value":
      return [{ message: `must be one of ${issue.values.map(String).join(", ")}` }];
    case "too_small":
      if (issue.origin === "array") return [{ message: `must list at least ${String(issue.minimum)} item(s)` }];
      if (issue.origin === "string") return [{ message: "must not be empty" }];
      return [{ message: `must be at least ${String(issue.minimum)}` }];
    case "too_big":
      if (issue.origin === "string") return [{ message: `must be at most ${String(issue.maximum)} characters` }];
      return [{ message: `must be at most ${String(issue.maximum)}` }];
    default:
      return [{ message: issue.message }];
  }
}

/** Adds every zod issue of a failed parse, under `base`, worded for a manifest author. */
export function addZodProblems(error: z.ZodError, base: readonly PathSegment[], problems: ProblemList): void {
  for (const issue of error.issues) {
    for (const { extraPath, message } of describe(issue)) {
      const path = [...base, ...(issue.path as PathSegment[]), ...(extraPath === undefined ? [] : [extraPath])];
      problems.add(path, message);
    }
  }
}

/** The list a field holds (under its default and optional wrappers), or undefined when it is not a list. */
function listItem(s: z.ZodType): z.ZodType | undefined {
  let inner: z.ZodType = s;
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodOptional) inner = inner.unwrap() as z.ZodType;
  return inner instanceof z.ZodArray ? (inner.element as z.ZodType) : undefined;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** What is left of a part whose shape is wrong, and which of its fields the shape error hides. */
export interface Salvaged<T> {
  /** Every field that parses on its own (or its default); a list keeps its well-formed items at their own index. */
  value: Partial<T>;
  /**
   * Fields whose value is unknown: malformed, or absent where an unknown key was probably meant for them (the field
   * the "did you mean" of that key names). A check whose finding depends on one of them would only echo the shape
   * error.
   */
  unknown: Set<string>;
  /**
   * Fields that hold holes: a list with malformed items, or a map of fields (web, expose) whose lists have some. What
   * they hold is checked; only what needs every item (the app roles an API exposes, to the workloads calling it) is not.
   */
  partial: Set<string>;
  /**
   * Per list field, the malformed items' fields that are well-formed on their own (by index): what the checks that
   * compare items (duplicate names, issuer + subject, logical names, one secret per workload) still compare, so a
   * shape error in one field of an item hides no collision of its other fields (issue 12, fourth pass).
   */
  fragments: Map<string, Map<number, Fragment>>;
}

/**
 * What is known of a malformed list item: each field that parses on its own, and the fields it really leaves out (not
 * one a misspelt key of the item probably meant). A field in neither is unknown.
 */
export interface Fragment {
  value: Record<string, unknown>;
  absent: ReadonlySet<string>;
}

/** The fragments of `field` a salvaged part holds (none when it has no malformed item). */
export const NO_FRAGMENTS: ReadonlyMap<number, Fragment> = new Map();

/** The object schema an item is, for its raw value: itself, or the option of a discriminated union its `type` selects. */
function itemShape(item: z.ZodType, raw: Record<string, unknown>): Record<string, z.ZodType> | undefined {
  if (item instanceof z.ZodObject) return item.shape;
  if (item instanceof z.ZodDiscriminatedUnion) {
    for (const option of item.options as z.ZodType[]) {
      if (!(option instanceof z.ZodObject)) continue;
      const shape = option.shape as Record<string, z.ZodType>;
      if (shape.type?.safeParse(raw.type).success) return shape;
    }
  }
  return undefined;
}

/** The well-formed fields of a malformed item; undefined when it is no map of fields, or of no type the list holds. */
function fragmentOf(item: z.ZodType, raw: unknown): Fragment | undefined {
  if (!isPlainObject(raw)) return undefined;
  const shape = itemShape(item, raw);
  if (shape === undefined) return undefined;
  const value: Record<string, unknown> = {};
  const absent = new Set<string>();
  const meant = new Set(Object.keys(raw).filter((key) => !Object.hasOwn(shape, key)).flatMap((key) => closest(key, Object.keys(shape), 1)));
  for (const [key, field] of Object.entries(shape)) {
    if (raw[key] === undefined) {
      if (!meant.has(key)) absent.add(key);
      continue;
    }
    const parsed = field.safeParse(raw[key]);
    if (parsed.success) value[key] = parsed.data;
  }
  return { value, absent };
}

/** The map of fields a field holds (under its optional and default wrappers), or undefined when it holds none. */
function objectOf(s: z.ZodType): z.ZodObject | undefined {
  let inner: z.ZodType = s;
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodOptional) inner = inner.unwrap() as z.ZodType;
  return inner instanceof z.ZodObject ? inner : undefined;
}

/**
 * A field whose only faults are in list items, rebuilt with holes where the broken items were: a list, or a map of
 * fields whose faults are all in items of its lists (web.assignments, expose.appRoles). Undefined when it is not so.
 */
function withHoles(field: z.ZodType, raw: unknown, issues: readonly z.core.$ZodIssue[], fragments?: Map<number, Fragment>): unknown {
  const item = listItem(field);
  if (item && Array.isArray(raw) && issues.every((i) => typeof i.path[0] === "number")) {
    const items: unknown[] = new Array(raw.length);
    raw.forEach((element, i) => {
      const one = item.safeParse(element);
      if (one.success) items[i] = one.data;
      else {
        const fragment = fragmentOf(item, element);
        if (fragment !== undefined) fragments?.set(i, fragment);
      }
    });
    return items;
  }
  const object = objectOf(field);
  if (!object || !isPlainObject(raw) || !issues.every((i) => typeof i.path[0] === "string" && typeof i.path[1] === "number")) return undefined;
  const shape = object.shape as Record<string, z.ZodType>;
  const out: Record<string, unknown> = {};
  for (const [key, sub] of Object.entries(shape)) {
    const parsed = sub.safeParse(raw[key]);
    if (parsed.success) {
      if (parsed.data !== undefined) out[key] = parsed.data;
      continue;
    }
    const rebuilt = listItem(sub) ? withHoles(sub, raw[key], parsed.error.issues) : undefined;
    if (rebuilt === undefined) return undefined;
    out[key] = rebuilt;
  }
  return out;
}

/**
 * Salvages a part (a workload, keyVault, defaults) that failed `part`, so its meaning can still be checked: each field
 * is parsed on its own — the part's schema has no rule across fields, so a field that parses alone parses in the
 * whole. A malformed field is left out (or takes its default, so the part keeps its type); a list whose only faults
 * are in some items (or a map of fields whose only faults are in items of its lists, such as web.assignments) keeps
 * the other items at their own index, leaving holes (which forEach, map and flatMap skip)
 * where the broken items were, so a finding on `roles[1]` still says `roles[1]`. One pass, no re-parse of the whole.
 */
export function salvage<S extends z.ZodObject>(part: S, value: unknown): Salvaged<z.output<S>> {
  const shape = part.shape as Record<string, z.ZodType>;
  const given = isPlainObject(value) ? value : {};
  const out: Record<string, unknown> = {};
  const unknown = new Set<string>(isPlainObject(value) ? [] : Object.keys(shape));
  const partial = new Set<string>();
  const fragments = new Map<string, Map<number, Fragment>>();
  for (const [key, field] of Object.entries(shape)) {
    const parsed = field.safeParse(given[key]);
    if (parsed.success) {
      out[key] = parsed.data;
      continue;
    }
    const found = new Map<number, Fragment>();
    const rebuilt = withHoles(field, given[key], parsed.error.issues, found);
    if (rebuilt !== undefined) {
      out[key] = rebuilt;
      partial.add(key);
      if (found.size > 0) fragments.set(key, found);
      continue;
    }
    unknown.add(key);
    const fallback = field.safeParse(undefined);
    if (fallback.success && fallback.data !== undefined) out[key] = fallback.data;
  }
  for (const key of Object.keys(given)) {
    if (Object.hasOwn(shape, key)) continue;
    const meant = closest(key, KNOWN_FIELDS, 1)[0];
    if (meant !== undefined && Object.hasOwn(shape, meant) && given[meant] === undefined) unknown.add(meant);
  }
  return { value: out as Partial<z.output<S>>, unknown, partial, fragments };
}
