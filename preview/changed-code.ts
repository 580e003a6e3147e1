/**
 * Which changed files are the toolkit itself: the code that computes, checks or reviews access.
 *
 * The access review compares two plans, and the plans, the diff and the escalation rules are all
 * made by this repository's code. A pull request that changes that code can make its own plan hide
 * a grant, or the diff miss one, so such a change is an escalation of its own kind ("the code that
 * computes access changed") and always needs the second approver, whatever its plans say.
 *
 * Default deny: every path is toolkit code except a stack manifest (its effect is exactly what the
 * two plans show) and documentation. Components, the program, the preview and the diff, policies and
 * their waivers, the manifest schema, dependencies, workflows, CODEOWNERS, tests, settings: code.
 */

import { normalize, stackOfFile } from "./changed-stacks";

/** Documentation: Markdown anywhere. Nothing imports or runs it. */
const DOCUMENTATION = /\.md$/i;

/** True when a change to this path changes the code that computes access (see the module comment). */
export function isToolkitCode(path: string): boolean {
  const p = normalize(path);
  // A stack's manifest is reviewed through its plan (`stackOfFile`: `stacks/Pulumi.<name>.yaml`).
  return p !== "" && stackOfFile(p) === undefined && !DOCUMENTATION.test(p);
}

/**
 * The toolkit paths among the changed files, normalised, deduplicated and sorted; empty when the
 * change touches only stack manifests and documentation.
 * @param changedFiles repository-relative paths (`git diff --name-only`), deleted files included
 */
export function changedCode(changedFiles: readonly string[]): string[] {
  return [...new Set(changedFiles.filter(isToolkitCode).map(normalize))].sort();
}
