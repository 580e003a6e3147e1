import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { isMap, isScalar, isSeq, type Document, type Node } from "yaml";

/**
 * Bounds on what a stack file may cost before anything is planned (issue 12: `/dev/zero` grew to 17 GB; a 21 MB file
 * never finished). A generated 1000-workload stack is 0.6 MB; 4 MiB is almost seven times that, and
 * parses in about 4 s at worst (260k one-line keys, measured).
 */
export const MAX_STACK_FILE_BYTES = 4 * 1024 * 1024;
/** The config as the program reads it (aliases expanded, JSON-encoded): bounded as well, so shared anchors stay cheap. */
export const MAX_EXPANDED_CHARACTERS = 32 * 1024 * 1024;
/**
 * YAML aliases allowed (the yaml library counts references times the anchor's own aliases; its default of 100 refused a
 * role list shared by 150 workloads). Expansion is bounded by MAX_EXPANDED_CHARACTERS, not by this count.
 */
export const MAX_ALIAS_COUNT = 100_000;

const MIB = 1024 * 1024;

/**
 * The file's bytes as UTF-8 text, or the reason it cannot be one: not a regular file (a device, a FIFO, a directory),
 * larger than the bound (read only up to it), UTF-16 (a byte-order mark) or not UTF-8 (Latin-1, …).
 */
export function readBoundedText(file: string): { text?: string; problem?: string } {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (error) {
    return { problem: `cannot read stack file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { problem: `${file} is not a regular file (a device, pipe or directory); give the path of a stack file` };
    if (stat.size > MAX_STACK_FILE_BYTES) return { problem: tooLarge(file, stat.size) };
    const buffer = Buffer.alloc(MAX_STACK_FILE_BYTES + 1);
    let length = 0;
    for (let n = 1; n > 0 && length <= MAX_STACK_FILE_BYTES;) {
      n = readSync(fd, buffer, length, buffer.length - length, null);
      length += n;
    }
    if (length > MAX_STACK_FILE_BYTES) return { problem: tooLarge(file, length) };
    const bytes = buffer.subarray(0, length);
    if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
      return { problem: `${file} is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8, which Pulumi reads` };
    }
    try {
      return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes) };
    } catch {
      const at = firstInvalidUtf8(bytes);
      return { problem: `${file} is not UTF-8 (byte 0x${bytes[at].toString(16)} at offset ${at}, line ${lineAt(bytes, at)}: Latin-1 or another legacy encoding?); save it as UTF-8, which Pulumi reads` };
    }
  } finally {
    closeSync(fd);
  }
}

function tooLarge(file: string, size: number): string {
  return `${file} is larger than ${MAX_STACK_FILE_BYTES / MIB} MiB (${size > MAX_STACK_FILE_BYTES * 2 ? "far more" : `${(size / MIB).toFixed(1)} MiB`}); a stack file over the limit is refused before it is parsed — split the stack`;
}

function firstInvalidUtf8(bytes: Buffer): number {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let low = 0;
  let high = bytes.length;
  // The longest valid prefix, by bisection (a prefix may end mid-character: allow three bytes of slack).
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    let ok = false;
    for (let cut = mid; cut >= Math.max(low, mid - 3) && !ok; cut--) {
      try {
        decoder.decode(bytes.subarray(0, cut));
        ok = cut === mid;
      } catch {
        break;
      }
    }
    if (ok) low = mid;
    else high = mid - 1;
  }
  return Math.min(low, bytes.length - 1);
}

function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/**
 * Characters a reader cannot see or that drive a terminal: C0/C1 controls other than tab and newline (an escape
 * sequence retitles or clears the screen) and Unicode format characters (zero-width space and joiners, bidi
 * overrides: a scope or redirect URI that looks right and is not).
 */
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\p{Cf}]/u;

function describeCharacter(text: string): string {
  const match = INVISIBLE.exec(text);
  const code = match ? match[0].codePointAt(0) ?? 0 : 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** One YAML path segment as the manifest's problems print it. */
function join(path: string, key: string): string {
  return /^[A-Za-z_$][\w$-]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;
}

/**
 * Problems in the document's `entra-workloads:*` config a JSON view cannot show: a workload key YAML reads as a number
 * (`012` → 12, `0x1F` → 31, `1e3` → 1000: the workload would be renamed), and invisible or control characters in
 * any key or value.
 */
export function documentProblems(doc: Document, namespace: string): string[] {
  const problems: string[] = [];
  const config = doc.get("config", true) as Node | undefined;
  if (!isMap(config)) return problems;
  const visit = (node: unknown, path: string): void => {
    if (isScalar(node)) {
      if (typeof node.value === "string" && INVISIBLE.test(node.value)) {
        problems.push(`${path}: contains ${describeCharacter(node.value)}, an invisible or control character; retype the value without it`);
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
        if (key && typeof key.value === "string" && INVISIBLE.test(key.value)) {
          problems.push(`${join(path, name)}: the key contains ${describeCharacter(key.value)}, an invisible or control character; retype the key without it`);
        }
        visit(pair.value, join(path, name));
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => visit(item, `${path}[${i}]`));
    }
  };
  const keys = new Set<string>();
  for (const pair of config.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "";
    if (keys.has(key)) problems.push(`config ${key}: the key appears twice; YAML requires unique keys — merge the two`);
    keys.add(key);
    if (!key.startsWith(`${namespace}:`)) continue;
    const name = key.slice(namespace.length + 1);
    if (name === "workloads" && isMap(pair.value)) {
      for (const item of pair.value.items) {
        if (isScalar(item.key) && typeof item.key.value !== "string") {
          const source = item.key.source ?? String(item.key.value);
          problems.push(`workloads.${source}: YAML reads this workload key as the ${typeof item.key.value} ${String(item.key.value)}, not the text "${source}"; quote it ("${source}") or start it with a letter`);
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
