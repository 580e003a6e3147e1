import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { describeYamlError } from "../../model/yaml-errors";

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

export function readStackFile(file: string): StackFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new StackFileError(`cannot read stack file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const parsed = parseDocument(text);
  if (parsed.errors.length > 0) {
    throw new StackFileError(`${file} is not valid YAML:\n${parsed.errors.map((e) => describeYamlError(e, file)).join("\n")}`);
  }
  const doc: unknown = parsed.toJS();
  const configSection = (doc as { config?: unknown } | null)?.config;
  if (typeof configSection !== "object" || configSection === null || Array.isArray(configSection)) {
    throw new StackFileError(`${file} has no "config:" map; a stack file holds the manifest under config (see stacks/Pulumi.dev.yaml)`);
  }
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(configSection)) {
    if (typeof value === "object" && value !== null && "secure" in value) {
      throw new StackFileError(`${file}: config ${key} is encrypted (secure:); the offline preview cannot decrypt it — keep the manifest in plain config`);
    }
    config[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return { stackName: stackNameOf(file), path: file, config };
}
