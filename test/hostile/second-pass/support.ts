import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { readStackFile } from "../../../preview/runtime/stack-file";
import { ROOT } from "../../support/program";

export const PROD = readFileSync(path.join(ROOT, "stacks", "Pulumi.prod.yaml"), "utf8");
export const dir = mkdtempSync(path.join(tmpdir(), "hostile2-"));
let n = 0;

/** A file of `text` (or bytes) in the test folder; `name` as given or a fresh one. */
export function file(text: string | Buffer, name = `f${n++}`): string {
  const at = path.join(dir, name);
  writeFileSync(at, text);
  return at;
}

/** The message readStackFile throws for `text` as a stack file, or "" when it reads it. */
export function stackFileProblem(text: string | Buffer): string {
  try {
    readStackFile(file(text, `Pulumi.s${n++}.yaml`));
    return "";
  } catch (error) {
    return (error as Error).message;
  }
}

/** The prod stack with `extra` added under config (two-space indented lines). */
export const withConfig = (extra: string): string => PROD.replace("config:\n", `config:\n${extra}`);
