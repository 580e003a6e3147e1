/**
 * Which stacks a change touches, so the pipelines plan and deploy only those.
 *
 * A change to shared code (the program, the model, components, policies, preview, dependencies, the stack
 * schema) can change what any stack deploys, so it means every stack; otherwise the stacks whose
 * `stacks/Pulumi.<name>.yaml` changed.
 */

/**
 * `stacks/Pulumi.<name>.yaml` → the stack name. Only names Pulumi accepts: "Stack names may only
 * contain alphanumeric characters, hyphens, underscores, or periods"
 * (https://www.pulumi.com/docs/iac/concepts/stacks/#create-stack). The names reach workflow
 * matrices, artifact names, shell variables and review comments, so any other file in `stacks/`
 * (say `Pulumi.x`y.yaml`) is not a stack: it counts as shared code, which means every stack.
 */
const STACK_FILE = /^stacks\/Pulumi\.([A-Za-z0-9_.-]+)\.yaml$/;

/** Paths whose change can alter what every stack deploys. */
const SHARED_CODE: readonly RegExp[] = [
  /^model\//,
  /^components\//,
  /^policies\//,
  /^simulator\//,
  /^preview\//,
  /^index\.ts$/,
  /^package(-lock)?\.json$/,
  /^Pulumi\.yaml$/,
  /^tsconfig\.json$/,
  // The manifest schema and anything else in stacks/ that is not a stack file.
  /^stacks\/(?!Pulumi\.[A-Za-z0-9_.-]+\.yaml$)/,
];

/** The stack a path is the manifest of, if it is one. */
export function stackOfFile(path: string): string | undefined {
  return STACK_FILE.exec(normalize(path))?.[1];
}

/** True when a change to this path means every stack. */
export function isSharedCode(path: string): boolean {
  const p = normalize(path);
  return SHARED_CODE.some((re) => re.test(p));
}

/** A repository path as git prints it: forward slashes, no leading `./`. */
export function normalize(path: string): string {
  return path.replace(/\\/g, "/").replace(/^\.\//, "");
}

/** Stack names from a listing of files (e.g. the contents of `stacks/`), sorted. */
export function stacksIn(files: readonly string[]): string[] {
  return [...new Set(files.map(stackOfFile).filter((s): s is string => s !== undefined))].sort();
}

export interface ChangedStacks {
  /** Stack names, sorted. */
  stacks: string[];
  /** Set when shared code changed: the first such path, for the log. */
  sharedCodePath?: string;
}

/**
 * The stacks to plan or deploy for a set of changed files.
 * @param changedFiles repository-relative paths (`git diff --name-only`), deleted files included
 * @param allStacks every stack that exists at the head commit
 */
export function changedStacks(changedFiles: readonly string[], allStacks: readonly string[]): ChangedStacks {
  const shared = changedFiles.find(isSharedCode);
  const touched = stacksIn(changedFiles);
  if (shared !== undefined) return { stacks: [...new Set([...allStacks, ...touched])].sort(), sharedCodePath: normalize(shared) };
  return { stacks: touched };
}
