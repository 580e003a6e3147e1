/**
 * What Pulumi makes of a plain (unquoted) YAML scalar in a stack file's config.
 *
 * Pulumi reads stack files with gopkg.in/yaml.v3 (pulumi/pulumi@1b594989 sdk/go/common/encoding/marshal.go imports
 * `gopkg.in/yaml.v3`, v3.0.1 in sdk/go.mod) and decodes every config value into `any`
 * (sdk/go/common/resource/config/value.go `Value.UnmarshalYAML` → object.go `object.UnmarshalYAML` / `unmarshalObject`:
 * a map key becomes `fmt.Sprintf("%v", key)`, a `time.Time` becomes `t.String()`). This toolkit's `yaml` library reads
 * YAML 1.2's core schema, and the two disagree on plain scalars: `012` is octal 10 to yaml.v3 and 12 to YAML 1.2;
 * `0b101`, `1_000` and `08` are numbers to yaml.v3 and text to YAML 1.2; `2026-12-31` is a timestamp to yaml.v3, which
 * Pulumi hands the program as `2026-12-31 00:00:00 +0000 UTC`. The offline preview must read the config as Pulumi does,
 * or it plans what `pulumi up` would not.
 *
 * The rules are yaml.v3's `resolve` for an untagged scalar (go-yaml/yaml@f6f7691b, tag v3.0.1, resolve.go), with Go's
 * `strconv.ParseInt(s, 0, 64)`, `ParseUint` and `ParseFloat` (https://pkg.go.dev/strconv#ParseInt: base 0 takes the
 * `0x`, `0o`, `0b` prefixes and a leading `0` as octal) and `time.Parse` on resolve.go's `allowedTimestampFormats`.
 */

export type GoYamlScalar = string | number | boolean | null;

/** yaml.v3's `resolveMapList` (v3.0.1 resolve.go): booleans, nulls and special floats. `yes`/`on` are text in v3. */
const RESOLVE_MAP: ReadonlyMap<string, GoYamlScalar> = new Map<string, GoYamlScalar>([
  ...["true", "True", "TRUE"].map((s) => [s, true] as const),
  ...["false", "False", "FALSE"].map((s) => [s, false] as const),
  ...["", "~", "null", "Null", "NULL"].map((s) => [s, null] as const),
  ...[".nan", ".NaN", ".NAN"].map((s) => [s, Number.NaN] as const),
  ...[".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"].map((s) => [s, Number.POSITIVE_INFINITY] as const),
  ...["-.inf", "-.Inf", "-.INF"].map((s) => [s, Number.NEGATIVE_INFINITY] as const),
]);

/** yaml.v3's `resolveTable`: which first characters lead to a lookup or a number parse at all. */
function hintOf(first: string): "sign" | "digit" | "map" | "dot" | undefined {
  if (first === "+" || first === "-") return "sign";
  if (first >= "0" && first <= "9") return "digit";
  if ("yYnNtTfFoO~".includes(first)) return "map";
  return first === "." ? "dot" : undefined;
}

/** v3.0.1 resolve.go `yamlStyleFloat`. */
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** Go's integer syntax with base 0 (underscores already removed by resolve). */
const GO_INTEGER = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** `strconv.ParseInt(s, 0, 64)`, else `strconv.ParseUint(s, 0, 64)` (no sign): the value, or undefined on error. */
function goInteger(plain: string): number | undefined {
  const match = GO_INTEGER.exec(plain);
  if (!match) return undefined;
  const [, sign, digits] = match as unknown as [string, string, string];
  const prefix = digits.slice(0, 2).toLowerCase();
  const magnitude = prefix === "0x" || prefix === "0b" || prefix === "0o" ? BigInt(`${prefix}${digits.slice(2)}`)
    : digits.length > 1 ? (digits.startsWith("0") ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits))
    : BigInt(digits);
  const value = sign === "-" ? -magnitude : magnitude;
  if (value >= INT64_MIN && value <= INT64_MAX) return Number(value);
  return sign === "" && value <= UINT64_MAX ? Number(value) : undefined;
}

/**
 * resolve.go `parseTimestamp`: four digits and `-` first, then one of `allowedTimestampFormats` ("2006-1-2T15:4:5.999999999Z07:00",
 * the same with `t`, "2006-1-2 15:4:5.999999999" in UTC, "2006-1-2"), as `time.Parse` reads them; the instant as
 * `time.Time.String()` prints it ("2006-01-02 15:04:05.999999999 -0700 MST": UTC as `+0000 UTC`, another offset as its
 * own name, e.g. `+0200 +0200`).
 */
function goTimestamp(text: string): string | undefined {
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?(Z|[+-]\d{2}:\d{2}))|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?))?$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [match[1], match[2], match[3]].map(Number) as [number, number, number];
  const [hour, minute, second] = [match[4] ?? match[9] ?? "0", match[5] ?? match[10] ?? "0", match[6] ?? match[11] ?? "0"].map(Number) as [number, number, number];
  const fraction = (match[7] ?? match[12] ?? "").slice(1, 10);
  const zone = match[8] ?? "Z";
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return undefined;
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  const nanos = fraction.padEnd(9, "0").replace(/0+$/, "");
  const offset = zone === "Z" || zone === "+00:00" || zone === "-00:00" ? "+0000 UTC" : `${zone.replace(":", "")} ${zone.replace(":", "")}`;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)} ${pad(hour)}:${pad(minute)}:${pad(second)}${nanos ? `.${nanos}` : ""} ${offset}`;
}

/** The value Pulumi's config gets for an untagged plain scalar (yaml.v3 `resolve("", text)`, a timestamp as Pulumi prints it). */
export function goYamlPlainValue(text: string): GoYamlScalar {
  const hint = text === "" ? "map" : hintOf(text[0]);
  if (hint === undefined) return text;
  if (RESOLVE_MAP.has(text)) return RESOLVE_MAP.get(text) as GoYamlScalar;
  if (hint === "map") return text;
  if (hint === "dot") {
    // strconv.ParseFloat on what starts with "." is a decimal fraction, optionally with an exponent.
    return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(text) ? Number(text) : text;
  }
  const timestamp = goTimestamp(text);
  if (timestamp !== undefined) return timestamp;
  const plain = text.replace(/_/g, "");
  const integer = goInteger(plain);
  if (integer !== undefined) return integer;
  if (YAML_STYLE_FLOAT.test(plain)) {
    const float = Number(plain);
    // ParseFloat fails out of range (±Inf with ErrRange): yaml.v3 then keeps the text.
    if (Number.isFinite(float)) return float;
  }
  return text;
}

/** How a value reads in a message: `the number 10`, `the boolean true`, `null`, `the text "2026-12-31 00:00:00 +0000 UTC"`. */
export function describeGoYamlValue(value: GoYamlScalar): string {
  if (value === null) return "null";
  return typeof value === "string" ? `the text "${value}"` : `the ${typeof value} ${String(value)}`;
}
