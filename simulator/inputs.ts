import { unwrapSecretsDeep } from "./secrets";

/** Resource inputs as the mock receives them: plain JSON-like values, possibly with secret envelopes. */
export type Inputs = Record<string, unknown>;

/** The inputs with secret envelopes removed, for inspection only. */
export function plain(inputs: unknown): Inputs {
  const value = unwrapSecretsDeep(inputs);
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Inputs) : {};
}

/** The value at a dotted path of already-unwrapped inputs. */
export function at(inputs: Inputs, path: string): unknown {
  let current: unknown = inputs;
  for (const key of path.split(".")) {
    if (typeof current !== "object" || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A string at `path`, or undefined when absent or not (yet) a string, e.g. unknown during a preview. */
export function str(inputs: Inputs, path: string): string | undefined {
  const value = at(inputs, path);
  return typeof value === "string" ? value : undefined;
}

/** A number at `path`, or undefined. */
export function num(inputs: Inputs, path: string): number | undefined {
  const value = at(inputs, path);
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** The strings of an array at `path`; non-strings (unknowns) are skipped. */
export function strings(inputs: Inputs, path: string): string[] {
  const value = at(inputs, path);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** The objects of an array at `path`. */
export function records(inputs: Inputs, path: string): Inputs[] {
  const value = at(inputs, path);
  return Array.isArray(value)
    ? value.filter((v): v is Inputs => typeof v === "object" && v !== null && !Array.isArray(v))
    : [];
}

/** An RFC 3339 time as a Date, or undefined when absent or unparsable. */
export function time(inputs: Inputs, path: string): Date | undefined {
  const value = str(inputs, path);
  if (value === undefined) return undefined;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

/** Adds a Go-style duration (`"2160h"`, `"90m"`, `"1h30m"`) to `from`; undefined when unparsable. */
export function addDuration(from: Date, duration: string): Date | undefined {
  const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  const parts = [...duration.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== duration) return undefined;
  const millis = parts.reduce((sum, p) => sum + Number(p[1]) * unit[p[2]], 0);
  return new Date(from.getTime() + millis);
}
