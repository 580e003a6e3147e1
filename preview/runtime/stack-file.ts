import * as path from "node:path";
import { parseDocument } from "yaml";
import { yamlNestingProblem } from "../../model/input-file";
import { describeYamlError } from "../../model/yaml-errors";
import { configKeyFindings, keyAsPulumiReadsIt, NAMESPACE } from "../../stacks/manifest/checks/config-keys";
import { documentProblems, expandedSize, readNestedAsPulumi, MAX_ALIAS_COUNT, MAX_EXPANDED_CHARACTERS, readBoundedText } from "./stack-input";

export interface StackFile {
  /** From `Pulumi.<name>.yaml`, else the file's stem. */
  stackName: string;
  path: string;
  /** Config as the Pulumi engine hands it to a program: strings as they are, everything else JSON-encoded. */
  config: Record<string, string>;
}

/** A stack file that cannot be read as one; its message is a one-line cause. */
export class StackFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackFileError";
  }
}

export function stackNameOf(file: string): string {
  const base = path.basename(file);
  const match = /^Pulumi\.(.+)\.ya?ml$/.exec(base);
  return match ? match[1] : base.replace(/\.[^.]*$/, "");
}

/**
 * Pulumi's stack-name rule: `^[A-Za-z0-9_.-]{1,100}$` ("stack names may only contain alphanumeric, hyphens,
 * underscores, or periods": pulumi/pulumi pkg/backend, validateStackName with stackNameAndProjectRegexp). A name with
 * `/` or `..` would leave stacks/; one with `::` would break the URNs (urn:pulumi:<stack>::<project>::…).
 */
export function stackNameProblem(name: string): string | undefined {
  if (/^[A-Za-z0-9_.-]{1,100}$/.test(name) && name !== "." && name !== "..") return undefined;
  return `stack name ${JSON.stringify(name)} is not one Pulumi accepts: 1–100 letters, digits, "-", "_" or "." (no "/", ":" or spaces)`;
}

function isEncrypted(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 &&
    typeof (value as { secure?: unknown }).secure === "string";
}

export function readStackFile(file: string): StackFile {
  const nameProblem = stackNameProblem(stackNameOf(file));
  if (nameProblem) throw new StackFileError(`${file}: ${nameProblem}; rename the file to Pulumi.<stack>.yaml`);
  // Bounded before parsing, and read as UTF-8 only (preview/runtime/stack-input.ts).
  const read = readBoundedText(file);
  if (read.text === undefined) throw new StackFileError(read.problem ?? `cannot read stack file ${file}`);
  const text = read.text;
  // The yaml library's composer is recursive: bound the nesting on its (iterative) syntax tree first.
  const deep = yamlNestingProblem(text, `stack file ${file}`);
  if (deep !== undefined) throw new StackFileError(deep);
  // The yaml library's own duplicate-key check is quadratic (400k keys: minutes); documentProblems checks in linear time.
  // Merge keys (`<<: *base`) as Pulumi's YAML 1.1 reader applies them (preview/runtime/go-yaml.ts).
  const parsed = parseDocument(text, { uniqueKeys: false, merge: true });
  if (parsed.errors.length > 0) {
    throw new StackFileError(`${file} is not valid YAML:\n${parsed.errors.map((e) => describeYamlError(e, file)).join("\n")}`);
  }
  // An unknown tag (`!vault x`) is dropped by the parser with a warning: the value would silently be read as plain text.
  const unknownTags = parsed.warnings.filter((w) => w.code === "TAG_RESOLVE_FAILED");
  if (unknownTags.length > 0) {
    throw new StackFileError(`${file} uses a YAML tag Pulumi does not read (remove it; stack files hold plain values):\n${unknownTags.map((e) => describeYamlError(e, file)).join("\n")}`);
  }
  const inputProblems = documentProblems(parsed, NAMESPACE);
  if (inputProblems.length > 0) throw new StackFileError(`${file}:\n${inputProblems.map((p) => `  ${p}`).join("\n")}`);
  readNestedAsPulumi(parsed);
  let doc: unknown;
  try {
    doc = parsed.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // The yaml library refuses aliases whose expansion grows exponentially ("Excessive alias count …").
    throw new StackFileError(`${file}: its YAML aliases expand too far (${(error as Error).message}); share less through anchors`);
  }
  if (expandedSize(doc, MAX_EXPANDED_CHARACTERS) > MAX_EXPANDED_CHARACTERS) {
    throw new StackFileError(`${file}: its config, with YAML aliases expanded, is larger than ${MAX_EXPANDED_CHARACTERS / (1024 * 1024)} MiB; share less through anchors, or split the stack`);
  }
  const configSection = (doc as { config?: unknown } | null)?.config;
  if (typeof configSection !== "object" || configSection === null || Array.isArray(configSection)) {
    throw new StackFileError(`${file} has no "config:" map; a stack file holds the manifest under config (see stacks/Pulumi.dev.yaml)`);
  }
  // Each key as Pulumi reads it (issue 12, fifth pass: a bare `owners:` is `entra-workloads:owners` under pulumi up,
  // which the program refuses, yet offline it was silently left out; `entra-workloads:config:workloads` is
  // `entra-workloads:workloads`).
  const keyProblems: string[] = [];
  const entries: [string, unknown][] = [];
  const writtenAs = new Map<string, string>();
  for (const [written, value] of Object.entries(configSection)) {
    const key = keyAsPulumiReadsIt(written);
    if (key === undefined) {
      keyProblems.push(`config ${written}: Pulumi cannot parse this key (a config key is <namespace>:<name>, e.g. ${NAMESPACE}:workloads), so it refuses the stack file`);
      continue;
    }
    const other = writtenAs.get(key);
    if (other !== undefined) {
      keyProblems.push(`config ${written}: Pulumi reads it as ${key}, as it does ${other}: one value would silently replace the other; keep one`);
      continue;
    }
    writtenAs.set(key, written);
    entries.push([key, value]);
  }
  // Keys first, encrypted or not: an encrypted value on a misspelt key is a misspelt key, not one the program reads.
  for (const [key] of entries) {
    const written = writtenAs.get(key) ?? key;
    keyProblems.push(...configKeyFindings([key]).map((f) => `config ${written === key ? key : `${written} (Pulumi reads it as ${key})`}: ${f.message}`));
  }
  if (keyProblems.length > 0) throw new StackFileError(`${file}:\n${keyProblems.map((p) => `  ${p}`).join("\n")}`);
  const config: Record<string, string> = {};
  for (const [key, value] of entries) {
    // Pulumi's encrypted value is a map whose only key is `secure` holding the ciphertext
    // (https://www.pulumi.com/docs/iac/concepts/secrets/#secrets-in-configuration). The program reads only its own
    // keys and azure-native:location: an encrypted value elsewhere is not needed offline and is left out.
    if (isEncrypted(value)) {
      if (!key.startsWith(`${NAMESPACE}:`) && key !== "azure-native:location") continue;
      throw new StackFileError(`${file}: config ${key} is encrypted (secure:), and the program reads it; the offline preview cannot decrypt it — ` +
        "the manifest holds no secret, so set it in plain config (pulumi config set without --secret)");
    }
    config[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return { stackName: stackNameOf(file), path: file, config };
}
