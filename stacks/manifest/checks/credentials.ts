import type { PathSegment, ProblemList } from "../problems";
import type { CredentialSpec } from "../schema";
import type { Credential as ResolvedCredential } from "../../../model/workload-spec";
import { checkFederatedCredentials, type FederatedEntry } from "./federated";
import { NO_FRAGMENTS, type Fragment } from "../zod-problems";

/**
 * A rotating pair keeps the previous member valid for a whole rotation period after the newest appears only when
 * each member lives at least two periods: issued at t, newest until t+R, previous until t+2R.
 */
export function overlapProblem(kind: "secret" | "certificate", lifetimeDays: number, rotateAfterDays: number): string | undefined {
  if (rotateAfterDays * 2 <= lifetimeDays) return undefined;
  const overlap = Math.max(0, lifetimeDays - rotateAfterDays);
  return `rotateAfterDays ${rotateAfterDays} is too long for lifetimeDays ${lifetimeDays}: after a rotation the previous ${kind} would stay valid only ${overlap} days instead of the ${rotateAfterDays}-day overlap; use rotateAfterDays ≤ ${Math.floor(lifetimeDays / 2)} or lifetimeDays ≥ ${rotateAfterDays * 2}`;
}

/** Checks a workload's credentials; federated ones by ./federated.ts. `warnings` receives advice that does not stop the plan. */
export function checkCredentials(
  kind: "application" | "managedIdentity",
  credentials: readonly CredentialSpec[],
  path: readonly PathSegment[],
  problems: ProblemList,
  warnings?: ProblemList,
  fragments: ReadonlyMap<number, Fragment> = NO_FRAGMENTS,
): ResolvedCredential[] {
  const resolved: ResolvedCredential[] = [];
  const federated: FederatedEntry[] = [];
  credentials.forEach((cred, i) => {
    const at = [...path, i];
    if (kind === "managedIdentity" && cred.type !== "federated") {
      problems.add([...at, "type"], `a managed identity cannot hold a ${cred.type}: it gets tokens from the Azure platform with no secret; remove this credential, or use type: federated for workloads outside Azure`);
      return;
    }
    if (cred.type === "federated") {
      federated.push({ spec: cred, index: i });
      return;
    }
    const problem = overlapProblem(cred.type, cred.lifetimeDays, cred.rotateAfterDays);
    if (problem) problems.add([...at, "rotateAfterDays"], problem);
    resolved.push(cred);
  });
  // A malformed item whose type is well-formed still counts (zod-problems.ts, fragments): it is a second secret whatever
  // its lifetime says.
  const federatedFragments = new Map([...fragments].filter(([, f]) => f.value.type === "federated"));
  resolved.push(...checkFederatedCredentials(federated, path, problems, warnings, federatedFragments));
  for (const type of ["secret", "certificate"] as const) {
    const indices = [...credentials.flatMap((c, i) => (c.type === type ? [i] : [])), ...[...fragments].flatMap(([i, f]) => (f.value.type === type ? [i] : []))]
      .sort((a, b) => a - b);
    if (indices.length > 1) {
      problems.add([...path, indices[1]], `only one ${type} credential per workload: a ${type} already rotates as a staggered pair (credentials[${indices[0]}]); remove this entry`);
    }
  }
  return resolved;
}
