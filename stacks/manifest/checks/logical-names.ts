import type { ProblemList } from "../problems";

/**
 * The words a workload's components put right after `<workload>-` in Pulumi logical names that go on with a variable
 * part (components/*.ts: `-fic-<credential>`, `-ffic-<credential>`, `-ra-…`, `-consent-<api>-…`, `-readers-…`,
 * `-secret-<slot>`, `-cert-<slot>-…`, `-kv-<purpose>`, `-assign-<role>-<object id>`). Names that end at the word
 * (`-app`, `-sp`, `-identity`, `-identifier-uri`) cannot collide: another workload's resources of those types are
 * named `<it>-app`, … and the workload component itself has its own type. Keep in step with components/.
 */
export const COMPONENT_WORDS = ["fic", "ffic", "ra", "consent", "readers", "secret", "cert", "kv", "assign"] as const;
/** Logical names of the stack's shared resources (index.ts, components/resource-service-principals.ts). */
const SHARED_PREFIXES = ["resource-sp-", "key-vault-"] as const;

/**
 * Logical names are collision-free by construction (issue 12: workload `x` with federated credential `a-fic-b` and
 * workload `x-fic-a` with credential `b` both made `x-fic-a-fic-b`; the engine refuses a duplicate URN, the sharded
 * plan silently kept one). A workload named `<other workload>-<component word>…` or `<shared prefix>…` is refused.
 */
export function checkLogicalNames(names: readonly string[], problems: ProblemList): void {
  const known = new Set(names);
  for (const name of names) {
    const shared = SHARED_PREFIXES.find((p) => name.startsWith(p));
    if (shared !== undefined) {
      problems.add(["workloads", name], `the name starts with "${shared}", which the stack's shared resources use for their Pulumi logical names; rename the workload`);
      continue;
    }
    // Every "-" splits the name into a possible other workload and what follows it.
    for (let at = name.indexOf("-"); at > 0; at = name.indexOf("-", at + 1)) {
      const owner = name.slice(0, at);
      const word = name.slice(at + 1).split("-")[0];
      if (known.has(owner) && (COMPONENT_WORDS as readonly string[]).includes(word)) {
        problems.add(["workloads", name], `Pulumi logical names of workload "${owner}" start with "${owner}-${word}-", so this workload's could collide with them (duplicate URNs); rename it (e.g. "${name.replace(`${owner}-${word}`, `${owner}-${word}s`)}")`);
        break;
      }
    }
  }
}
