/**
 * A rule setting checked against the JSON Schema property the rule declares (its `configSchema`), as the Pulumi engine
 * does before it runs a pack with `--policy-pack-config` (https://www.pulumi.com/docs/iac/using-pulumi/crossguard/configuration/:
 * "the configuration is validated against the policy's configSchema"). Only the keywords the rules use: type, minimum,
 * maximum, enum, items. Issue 12: `"maxSecretLifetimeDays": "lots"` used to switch the rule off silently.
 */
export interface SettingSchema {
  type?: string;
  minimum?: number;
  maximum?: number;
  enum?: readonly unknown[];
  items?: SettingSchema;
}

function typeProblem(type: string, value: unknown): boolean {
  switch (type) {
    // A safe integer: 1e20 "is" an integer to JavaScript, yet as days it overflows every date a rule computes.
    case "integer": return !(typeof value === "number" && Number.isSafeInteger(value));
    case "number": return !(typeof value === "number" && Number.isFinite(value));
    case "string": return typeof value !== "string";
    case "boolean": return typeof value !== "boolean";
    case "array": return !Array.isArray(value);
    case "object": return typeof value !== "object" || value === null || Array.isArray(value);
    default: return false;
  }
}

export function settingProblem(schema: SettingSchema, value: unknown): string | undefined {
  if (schema.type !== undefined && typeProblem(schema.type, value)) return `expected ${schema.type === "integer" ? "an integer" : `a ${schema.type}`}, got ${describe(value)}`;
  if (schema.enum !== undefined && !schema.enum.includes(value)) return `expected one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}, got ${describe(value)}`;
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) return `${value} is below the minimum ${schema.minimum}`;
    if (schema.maximum !== undefined && value > schema.maximum) return `${value} is above the maximum ${schema.maximum}`;
  }
  if (Array.isArray(value) && schema.items !== undefined) {
    for (const [i, item] of value.entries()) {
      const problem = settingProblem(schema.items, item);
      if (problem !== undefined) return `[${i}]: ${problem}`;
    }
  }
  return undefined;
}

/** What a rule's entry in a pack config may be: an enforcement level, or an object of settings. */
function describe(value: unknown): string {
  // JSON reads 1e999 as Infinity, which JSON.stringify would show as null (issue 12, fourth pass).
  if (typeof value === "number" && !Number.isFinite(value)) return `${String(value)} (a number too large to read)`;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/**
 * Problems with the shape of a whole `--policy-config` document, before any rule's settings are looked at: the
 * document is an object of rule names (or `all`), each holding an enforcement level or an object of settings
 * (https://www.pulumi.com/docs/iac/using-pulumi/crossguard/configuration/). `{"secret-lifetime": null}` used to fail
 * with exit 70; `{"secret-lifetime": 5}`, `null`, `[]` or `5` were read as no config at all.
 */
export function packConfigShapeProblems(config: unknown): string[] {
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    return [`(top level): expected an object of rule names, each with an enforcement level or settings (e.g. {"secret-lifetime": {"maxSecretLifetimeDays": 90}}), got ${describe(config)}`];
  }
  const problems: string[] = [];
  for (const [rule, entry] of Object.entries(config)) {
    if (typeof entry === "string" || (typeof entry === "object" && entry !== null && !Array.isArray(entry))) continue;
    problems.push(`${rule}: expected an enforcement level ("advisory", "mandatory", "remediate", "disabled") or an object of settings, got ${describe(entry)}`);
  }
  return problems;
}
