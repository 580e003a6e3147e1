import { didYouMean } from "../../../model/catalog/suggest";

/** The program's namespace in the stack config (`pulumi.Config("entra-workloads")`). */
export const NAMESPACE = "entra-workloads";
/** The keys the program reads from a stack file (index.ts, stacks/manifest/config.ts). */
export const MANIFEST_KEYS = ["keyVault", "defaults", "workloads"] as const;

/**
 * Problems with the `entra-workloads:*` keys of a stack file, one line each: a key the program does not read
 * (its owners, tags or workloads would be silently dropped) is refused with the closest known key, and a pinned
 * clock (`entra-workloads:now`) is refused: offline `--now` overrides it, yet under `pulumi up` it would freeze
 * rotation at that date (stacks/manifest/clock.ts).
 */
export function configKeyProblems(keys: Iterable<string>): string[] {
  const problems: string[] = [];
  for (const key of keys) {
    if (!key.startsWith(`${NAMESPACE}:`)) continue;
    const name = key.slice(NAMESPACE.length + 1);
    if ((MANIFEST_KEYS as readonly string[]).includes(name)) continue;
    if (name === "now") {
      problems.push(`config ${key}: a pinned clock does not belong in a stack file — under pulumi up it would freeze rotation at that date; remove it and pass --now to the offline commands`);
    } else {
      problems.push(`config ${key}: the program reads no such key, so its value would be ignored${didYouMean(name, MANIFEST_KEYS, 1) || ""}; the keys are ${MANIFEST_KEYS.map((k) => `${NAMESPACE}:${k}`).join(", ")}`);
    }
  }
  return problems;
}
