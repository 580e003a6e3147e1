import * as pulumi from "@pulumi/pulumi";
import { formatProblems, type Problem } from "./problems";

/**
 * Thrown before any resource is declared when the manifest is invalid. A RunError, so `pulumi up` prints the
 * problems (one `path: message` per line) without a stack trace.
 */
export class ManifestError extends pulumi.RunError {
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    super(`the stack's manifest has ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was declared:\n${formatProblems(problems)}`);
    this.name = "ManifestError";
    this.problems = problems;
  }
}

export function isManifestError(error: unknown): error is ManifestError {
  return error instanceof Error && error.name === "ManifestError" && Array.isArray((error as ManifestError).problems);
}
