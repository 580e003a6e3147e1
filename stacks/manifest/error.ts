import { formatProblems, type Problem } from "./problems";

/**
 * Thrown before any resource is declared when the manifest is invalid. The Pulumi engine prints a RunError's message
 * (one `path: message` per line) without a stack trace, and recognizes one by a `__pulumiRunError` member set to true,
 * "designed to work even when multiple copies of the Pulumi SDK have been loaded" (@pulumi/pulumi errors.js,
 * `RunError.isInstance` → utils.isInstance). Setting that member instead of extending `pulumi.RunError` keeps the
 * manifest free of `@pulumi` imports: parsing a manifest loads no SDK.
 */
export class ManifestError extends Error {
  readonly problems: readonly Problem[];
  /** What makes the engine treat this as a `pulumi.RunError`. */
  readonly __pulumiRunError = true;

  constructor(problems: readonly Problem[]) {
    super(`the stack's manifest has ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was declared:\n${formatProblems(problems)}`);
    this.name = "ManifestError";
    this.problems = problems;
  }
}

export function isManifestError(error: unknown): error is ManifestError {
  return error instanceof Error && error.name === "ManifestError" && Array.isArray((error as ManifestError).problems);
}
