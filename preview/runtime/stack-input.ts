import { isMap, isScalar, isSeq, Scalar, type Document, type Node } from "yaml";
import { describeGoYamlValue, goYamlPlainValue, type GoYamlScalar } from "./go-yaml";
import { describeInvisible, INVISIBLE } from "../../stacks/manifest/checks/invisible";
import { keyAsPulumiReadsIt } from "../../stacks/manifest/checks/config-keys";
import { MAX_YAML_BYTES, readBoundedText as readInputText, type BoundedText } from "../../model/input-file";

/**
 * Bounds on what a stack file may cost before anything is planned (issue 12: `/dev/zero` grew to 17 GB; a 21 MB file
 * never finished). A generated 1000-workload stack is 0.6 MB; 4 MiB is almost seven times that, and
 * parses in about 4 s at worst (260k one-line keys, measured).
 */
export const MAX_STACK_FILE_BYTES = MAX_YAML_BYTES;
/** The config as the program reads it (aliases expanded, JSON-encoded): bounded as well, so shared anchors stay cheap. */
export const MAX_EXPANDED_CHARACTERS = 32 * 1024 * 1024;
/**
 * YAML aliases allowed (the yaml library counts references times the anchor's own aliases; its default of 100 refused a
 * role list shared by 150 workloads). Expansion is bounded by MAX_EXPANDED_CHARACTERS, not by this count.
 */
export const MAX_ALIAS_COUNT = 100_000;

/**
 * The file's bytes as UTF-8 text, or the reason it cannot be one: not a regular file (a device, a FIFO, a directory),
 * larger than the bound (read only up to it), UTF-16 or not UTF-8 (Latin-1, …). One reader for every input file
 * (model/input-file.ts); a stack file's bound is MAX_STACK_FILE_BYTES.
 */
export function readBoundedText(file: string): BoundedText {
  return readInputText(file, `stack file ${file}`, MAX_STACK_FILE_BYTES);
}

/** What Pulumi (yaml.v3) reads a scalar as: a plain one by yaml.v3's rules (go-yaml.ts), a quoted or block one as the text it holds. */
function pulumiReading(node: Scalar): GoYamlScalar {
  if (node.type !== Scalar.PLAIN) return typeof node.value === "string" ? node.value : String(node.value);
  return goYamlPlainValue(node.source ?? String(node.value));
}

/**
 * Gives every plain scalar in the config the value Pulumi reads it as (go-yaml.ts): `tier: 012` is `10` and
 * `since: 2026-12-31` is `"2026-12-31 00:00:00 +0000 UTC"` under `pulumi up`, so offline too.
 */
export function readNestedAsPulumi(doc: Document): void {
  const config = doc.get("config", true) as Node | undefined;
  if (!isMap(config)) return;
  const seen = new Set<unknown>();
  const visit = (node: unknown): void => {
    if (seen.has(node)) return;
    seen.add(node);
    if (isScalar(node)) {
      if (node.type === Scalar.PLAIN) node.value = pulumiReading(node);
    } else if (isMap(node)) {
      for (const pair of node.items) visit(pair.value);
    } else if (isSeq(node)) {
      for (const item of node.items) visit(item);
    }
  };
  for (const pair of config.items) visit(pair.value);
}

/** One YAML path segment as the manifest's problems print it. */
function join(path: string, key: string): string {
  return /^[A-Za-z_$][\w$-]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;
}

/**
 * Problems in the document's `entra-workloads:*` config a JSON view cannot show: a workload key YAML reads as a number
 * (`012` → 10, `0x1F` → 31, `1e3` → 1000 as Pulumi reads them: the workload would be renamed), and invisible or control characters in
 * any key or value.
 */
export function documentProblems(doc: Document, namespace: string): string[] {
  const problems: string[] = [];
  const config = doc.get("config", true) as Node | undefined;
  if (!isMap(config)) return problems;
  const visit = (node: unknown, path: string): void => {
    if (isScalar(node)) {
      if (typeof node.value === "string" && INVISIBLE.test(node.value)) {
        problems.push(`${path}: contains ${describeInvisible(node.value)}, an invisible or control character; retype the value without it`);
      }
    } else if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key : undefined;
        const name = key ? String(key.value) : "?";
        // YAML 1.2 §3.2.1.1: "The content of a mapping node is an unordered set of key/value node pairs, with the
        // restriction that each of the keys is unique" (https://yaml.org/spec/1.2.2/#3211-nodes).
        if (seen.has(name)) problems.push(`${join(path, name)}: the key appears twice in this map; YAML requires unique keys — merge the two`);
        seen.add(name);
        // A key Pulumi's YAML reader takes for a number, boolean or null (`012` → 10, `0x1F` → 31, `true` → true, `~`
        // → null, a date → Go's time text: go-yaml.ts): in a tags map or any other map the text written is not the key the program gets.
        // Workload keys have their own message below.
        const pulumiKey = key ? pulumiReading(key) : undefined;
        // `<<` merges the aliased map in, for yaml.v3 (resolve.go `mergeTag`) as for this parser (merge: true).
        const merge = key?.type === Scalar.PLAIN && key.source === "<<";
        if (key && !merge && (typeof pulumiKey !== "string" || pulumiKey !== key.value) && path !== "workloads") {
          const source = key.source ?? String(key.value);
          problems.push(`${path}[${JSON.stringify(source)}]: Pulumi's YAML reader takes this key for ${describeGoYamlValue(pulumiKey ?? null)}, not the text "${source}"; quote it ("${source}")`);
        }
        if (key && typeof key.value === "string" && INVISIBLE.test(key.value)) {
          problems.push(`${join(path, name)}: the key contains ${describeInvisible(key.value)}, an invisible or control character; retype the key without it`);
        }
        visit(pair.value, join(path, name));
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => visit(item, `${path}[${i}]`));
    }
  };
  const keys = new Set<string>();
  for (const pair of config.items) {
    const written = isScalar(pair.key) ? String(pair.key.value) : "";
    if (keys.has(written)) problems.push(`config ${written}: the key appears twice; YAML requires unique keys — merge the two`);
    keys.add(written);
    // A bare `workloads:` is the program's key to Pulumi (config-keys.ts keyAsPulumiReadsIt), and checked as one.
    const key = keyAsPulumiReadsIt(written) ?? written;
    if (!key.startsWith(`${namespace}:`)) continue;
    const name = key.slice(namespace.length + 1);
    if (name === "workloads" && isMap(pair.value)) {
      for (const item of pair.value.items) {
        const pulumiKey = isScalar(item.key) ? pulumiReading(item.key) : undefined;
        if (isScalar(item.key) && (typeof pulumiKey !== "string" || pulumiKey !== item.key.value)) {
          const source = item.key.source ?? String(item.key.value);
          problems.push(`workloads.${source}: Pulumi's YAML reader takes this workload key for ${describeGoYamlValue(pulumiKey ?? null)}, not the text "${source}"; quote it ("${source}") or start it with a letter`);
        }
      }
    }
    visit(pair.value, name);
  }
  return problems;
}

/** The length of `value` as JSON, without building the text: shared (aliased) objects are counted each time they occur, but measured once. */
export function expandedSize(value: unknown, limit: number): number {
  const sizes = new Map<object, number>();
  const measure = (v: unknown): number => {
    if (v === null || typeof v !== "object") return typeof v === "string" ? v.length + 2 : String(v).length;
    const known = sizes.get(v);
    if (known !== undefined) return known;
    sizes.set(v, limit + 1); // a cycle (a self-referencing alias) is over any limit
    let total = 2;
    for (const [k, item] of Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v)) {
      total += measure(item) + (Array.isArray(v) ? 1 : k.length + 4);
      if (total > limit) break;
    }
    sizes.set(v, total);
    return total;
  };
  return measure(value);
}
