import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { Parser } from "yaml";
import type { z } from "zod";
import { formatPath } from "./paths";

/**
 * Every file a command reads (stack file, waivers, --tenant, --tenant-policy, --policy-config, plan.json, tenant
 * snapshots, stack outputs) goes through here first, so that no input can cost more than its bound (issue 12:
 * `/dev/zero` grew to 17 GB; a FIFO blocked forever; 100,000 nested `[` crashed the YAML parser out of memory).
 *
 * - Only regular files: a device (`/dev/zero`, `/dev/urandom`), a FIFO or a directory is refused before a byte is read.
 *   The file is opened with O_NONBLOCK, so opening a FIFO with no writer returns at once instead of waiting for one.
 * - At most `maxBytes`, read only up to the bound (a file that grows while read is still cut there).
 * - UTF-8 only: a UTF-16 byte-order mark or bytes that are not UTF-8 (Latin-1, …) are named with their offset and
 *   line; a UTF-8 byte-order mark is dropped (as Pulumi's YAML reader and every JSON reader here would need).
 */
export const MIB = 1024 * 1024;
/** YAML a person writes (stack files, waivers): parsing YAML costs about 1 s per MiB at worst (measured). */
export const MAX_YAML_BYTES = 4 * MIB;
/** JSON written by a tool (plan.json of a 1000-workload stack, a large tenant's snapshot): JSON.parse is ~1 s per 100 MiB. */
export const MAX_JSON_BYTES = 128 * MIB;
/**
 * Nesting bound for YAML and JSON inputs. The deepest legitimate input (a snapshot's Graph objects, a stack file's
 * expose.appRoles[].…) nests under 12 levels; the yaml library's composer is recursive and runs out of stack (or memory)
 * a few thousand levels down, and so would every recursive walk of a parsed document.
 */
export const MAX_NESTING = 64;

export interface BoundedText { text?: string; problem?: string }

/** `what` names the input in messages (`--tenant file.json`, `stack file x.yaml`). */
export function readBoundedText(file: string, what: string, maxBytes: number): BoundedText {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise block until some process opens it for writing.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: code === "ENOENT" ? `${what}: no such file` : `${what}: cannot read (${code ?? String(error)})` };
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return { problem: `${what}: is a directory, not a file` };
    if (!stat.isFile()) return { problem: `${what} is not a regular file (a device, pipe or socket); give the path of a file` };
    if (stat.size > maxBytes) return { problem: tooLarge(what, stat.size, maxBytes) };
    const buffer = Buffer.alloc(Math.min(maxBytes, stat.size) + 1);
    let length = 0;
    for (let n = 1; n > 0 && length < buffer.length;) {
      n = readSync(fd, buffer, length, buffer.length - length, null);
      length += n;
    }
    if (length > maxBytes) return { problem: tooLarge(what, length, maxBytes) };
    return decodeUtf8(buffer.subarray(0, length), what);
  } finally {
    closeSync(fd);
  }
}

function tooLarge(what: string, size: number, maxBytes: number): string {
  const shown = size > maxBytes * 2 ? "far more" : `${(size / MIB).toFixed(1)} MiB`;
  return `${what} is larger than ${maxBytes / MIB} MiB (${shown}), the limit for this input; it is refused before it is parsed`;
}

/** The bytes as UTF-8 text, or why they are not (UTF-16, or a byte that is not UTF-8, with its offset and line). */
export function decodeUtf8(bytes: Buffer, what: string): BoundedText {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { problem: `${what} is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8` };
  }
  // UTF-16 without a byte-order mark: ASCII text with every other byte zero.
  const probe = bytes.subarray(0, 64);
  const zeros = probe.filter((b) => b === 0).length;
  if (probe.length >= 4 && zeros * 3 >= probe.length) {
    return { problem: `${what} is UTF-16 or another two-byte encoding (${zeros} of its first ${probe.length} bytes are zero); save it as UTF-8` };
  }
  try {
    // ignoreBOM false: a UTF-8 byte-order mark is removed, as the WHATWG decoder does by default.
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    const at = firstInvalidUtf8(bytes);
    return { problem: `${what} is not UTF-8 (byte 0x${bytes[at].toString(16)} at offset ${at}, line ${lineAt(bytes, at)}: Latin-1 or another legacy encoding?); save it as UTF-8` };
  }
}

function firstInvalidUtf8(bytes: Buffer): number {
  // A linear scan of UTF-8's byte patterns (RFC 3629 §4): the first byte that does not fit one.
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
    i += length;
  }
  return Math.max(0, bytes.length - 1);
}

function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/**
 * How deeply the YAML text nests, measured on the yaml library's concrete syntax tree (its Parser is iterative, unlike
 * its composer), or a problem when deeper than `max`. Run before parseDocument.
 */
export function yamlNestingProblem(text: string, what: string, max: number = MAX_NESTING): string | undefined {
  const stack: [unknown, number][] = [];
  for (const token of new Parser().parse(text)) stack.push([token, 0]);
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (depth > max) return `${what} nests deeper than ${max} levels; no input this toolkit reads needs more — flatten it`;
    if (typeof node !== "object" || node === null) continue;
    const n = node as { type?: string; value?: unknown; items?: { key?: unknown; value?: unknown }[] };
    if (n.type === "document" && n.value !== undefined) stack.push([n.value, depth]);
    for (const item of n.items ?? []) {
      if (item.key !== undefined && item.key !== null) stack.push([item.key, depth + 1]);
      if (item.value !== undefined && item.value !== null) stack.push([item.value, depth + 1]);
    }
  }
  return undefined;
}

/** The same bound on parsed JSON, walked without recursion. */
export function jsonNestingProblem(value: unknown, what: string, max: number = MAX_NESTING): string | undefined {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (typeof node !== "object" || node === null) continue;
    if (depth >= max) return `${what} nests deeper than ${max} levels; no input this toolkit reads needs more`;
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push([child, depth + 1]);
  }
  return undefined;
}

/** A JSON file within its bounds: parsed, or one problem naming the file (size, encoding, syntax, nesting). */
export function readBoundedJson(file: string, what: string = file, maxBytes: number = MAX_JSON_BYTES): { value?: unknown; problem?: string } {
  const read = readBoundedText(file, what, maxBytes);
  if (read.text === undefined) return { problem: read.problem };
  let value: unknown;
  try {
    value = JSON.parse(read.text);
  } catch (error) {
    return { problem: `${what}: not JSON (${(error as Error).message.split("\n")[0]})` };
  }
  const deep = jsonNestingProblem(value, what);
  return deep === undefined ? { value } : { problem: deep };
}

/** How an input's reader names a kind of value: what a field holds, or what it was given instead. */
function kindOf(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map of fields";
  if (typeof value === "string") return "text";
  if (typeof value === "boolean") return "true or false";
  return `a ${typeof value}`;
}

const EXPECTED: Record<string, string> = { string: "text", number: "a number", boolean: "true or false", object: "a map of fields", record: "a map of fields", array: "a list" };

/** The value at a path of the document read. */
function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) value = value !== null && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

/**
 * One problem of a JSON input as the manifest and waiver readers word theirs (`path: what is wrong; what belongs
 * there`), never zod's "Invalid input: expected string, received undefined" (issue 12, fourth pass).
 */
export function inputIssue(issue: z.core.$ZodIssue, data: unknown, fields: Readonly<Record<string, string>> = {}): string {
  const where = formatPath(issue.path) || "(top level)";
  const given = valueAt(data, issue.path);
  switch (issue.code) {
    case "invalid_type": {
      const expected = fields[formatPath(issue.path.map((k) => (typeof k === "number" ? 0 : k))).replace(/\[0\]/g, "[]")] ?? EXPECTED[issue.expected] ?? issue.expected;
      return `${where}: ${given === undefined ? "is missing" : `is ${kindOf(given)}`}; it must be ${expected}`;
    }
    case "invalid_value":
      return `${where}: is ${JSON.stringify(given)?.slice(0, 60) ?? kindOf(given)}; it must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const what = issue.origin === "string" ? `${bound} characters` : issue.origin === "array" ? `${bound} items` : String(bound);
      return `${where}: is ${JSON.stringify(given)?.slice(0, 60) ?? kindOf(given)}; it must be at ${issue.code === "too_small" ? "least" : "most"} ${what}`;
    }
    case "unrecognized_keys":
      return `${where}: has fields it may not have (${issue.keys.join(", ")})`;
    default:
      return `${where}: ${issue.message}`;
  }
}

