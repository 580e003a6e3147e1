import { readJsonFile, validated } from "../files";
import type { AccessDiff } from "./types";
import { z } from "zod";

/**
 * A changed path as `changed-stacks-cli.ts --code` prints it. The file is written by the target
 * branch's code, but the names are the pull request's: one line, no control characters, no NUL.
 */
const changedPath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !/[\u0000-\u001f\u007f]/.test(p), "a path with a control character");

const changedCodeSchema = z.array(changedPath).max(100_000);

/** Reads the `--changed-code` file: a JSON array of repository paths, or an `InputError` naming the first bad entry. */
export function loadChangedCode(path: string): string[] {
  const paths = validated(changedCodeSchema, readJsonFile(path), (where) => `${path}: not a list of changed paths (${where})`);
  return [...new Set(paths)].sort();
}

/**
 * The diff with the toolkit change recorded: `code.paths` set, and one more escalation, whatever
 * the plans say (the plans were made by the changed code). No paths: the diff unchanged.
 */
export function withCodeChanges(diff: AccessDiff, paths: readonly string[]): AccessDiff {
  if (paths.length === 0) return diff;
  return { ...diff, code: { paths: [...paths] }, summary: { ...diff.summary, escalations: diff.summary.escalations + 1 } };
}
