import { isMap, isScalar, parseDocument, Scalar, visit, type Document, type Node, type YAMLMap } from "yaml";
import { MAX_YAML_BYTES, readBoundedText, yamlNestingProblem } from "../../model/input-file";
import { describeYamlError } from "../../model/yaml-errors";
import { InputError } from "../files";
import { goYamlPlainValue } from "../runtime/go-yaml";
import { documentProblems } from "../runtime/stack-input";
import { oneLine } from "../text-escape";
import type { Adoption } from "./adopt";

const WORKLOADS = "entra-workloads:workloads";

/** A stack file opened for adding workloads: comments, order and every other key are kept as they are. */
export interface StackDocument {
  path: string;
  doc: Document;
  /** Names of the workloads it already declares. */
  names: string[];
}

export function openStackFile(path: string): StackDocument {
  // Bounded like every input (model/input-file.ts): a device, FIFO, huge or deeply nested file is refused unread.
  const read = readBoundedText(path, path, MAX_YAML_BYTES);
  const problem = read.problem ?? (read.text === undefined ? undefined : yamlNestingProblem(read.text, path));
  if (problem !== undefined || read.text === undefined) throw new InputError(problem ?? `${path}: cannot read`);
  const text = read.text;
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new InputError(`${path} is not valid YAML:\n${doc.errors.map((e) => describeYamlError(e, path)).join("\n")}`);
  const config = doc.get("config");
  if (!isMap(config)) throw new InputError(`${path}: no "config:" map; a stack file holds the manifest under config (see stacks/Pulumi.dev.yaml)`);
  const workloads = config.get(WORKLOADS);
  if (workloads !== undefined && workloads !== null && !isMap(workloads)) throw new InputError(`${path}: config.${WORKLOADS} is not a map of workload name → settings`);
  const names = isMap(workloads) ? (workloads).items.map((pair) => String((pair.key as { value?: unknown })?.value ?? pair.key)) : [];
  return { path, doc, names };
}

/**
 * Quotes every text a plain scalar would not carry through Pulumi's YAML reader (yaml.v3: preview/runtime/go-yaml.ts):
 * a display name `2026-01-01`, `012` or `0b101` written plain would reach the program as a date string or a number.
 */
function pulumiSafe<N extends Node>(node: N): N {
  const quote = (scalar: Scalar) => {
    if (typeof scalar.value === "string" && goYamlPlainValue(scalar.value) !== scalar.value) scalar.type = Scalar.QUOTE_DOUBLE;
  };
  if (isScalar(node)) quote(node);
  else visit(node, { Scalar: (_key, scalar) => quote(scalar) });
  return node;
}

/** Adds the adopted workloads under `entra-workloads:workloads`, each with a comment saying where it came from. */
export function addWorkloads(stack: StackDocument, adoptions: readonly Adoption[], snapshotPath: string): string {
  const { doc } = stack;
  const config = doc.get("config") as YAMLMap;
  if (!isMap(config.get(WORKLOADS))) config.set(WORKLOADS, doc.createNode({}));
  const workloads = config.get(WORKLOADS) as YAMLMap;
  for (const a of adoptions) {
    const node = pulumiSafe(doc.createNode(a.entry));
    workloads.set(pulumiSafe(doc.createNode(a.name)), node);
    const pair = workloads.items[workloads.items.length - 1];
    const key = pair.key as { commentBefore?: string };
    // One comment line, controls shown as \u{..}: a display name is the tenant's text, and a newline, an escape or a
    // bidi override in it must not reach the stack file raw (issue 12).
    key.commentBefore = ` ${oneLine(`Adopted by npm run adopt from ${snapshotPath}: ${a.source}. The first pulumi up imports it (adopt); see the adoption report.`)}`;
  }
  const text = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  // A stack file the next npm run plan would refuse (a display name holding an escape or an invisible character) is not
  // written: every such value is named at once, with the identity it comes from (issue 12: nothing written on exit 2).
  const adopted = new Set(adoptions.map((a) => a.name));
  const problems = documentProblems(parseDocument(text), "entra-workloads").filter((p) => [...adopted].some((name) => p.includes(name)));
  if (problems.length > 0) {
    throw new InputError(`${stack.path}: nothing written; a stack file cannot hold what the tenant gave these identities:\n${problems.map((p) => `  ${p}`).join("\n")}\n` +
      "Rename them in Entra ID (or leave them out of --app), then take a new snapshot.");
  }
  return text;
}
