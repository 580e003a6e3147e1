import type { PathSegment, ProblemList } from "../problems";
import type { CredentialSpec } from "../schema";
import type { Credential as ResolvedCredential } from "../../../components/workload-spec";

import { MAX_FEDERATED_CREDENTIALS } from "../../../components/federated-credentials";

/**
 * A rotating pair keeps the previous member valid for a whole rotation period after the newest appears only when
 * each member lives at least two periods: issued at t, newest until t+R, previous until t+2R.
 */
export function overlapProblem(kind: "secret" | "certificate", lifetimeDays: number, rotateAfterDays: number): string | undefined {
  if (rotateAfterDays * 2 <= lifetimeDays) return undefined;
  const overlap = Math.max(0, lifetimeDays - rotateAfterDays);
  return `rotateAfterDays ${rotateAfterDays} is too long for lifetimeDays ${lifetimeDays}: after a rotation the previous ${kind} would stay valid only ${overlap} days instead of the ${rotateAfterDays}-day overlap; use rotateAfterDays ≤ ${Math.floor(lifetimeDays / 2)} or lifetimeDays ≥ ${rotateAfterDays * 2}`;
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === "https:";
  } catch {
    return false;
  }
}

export function checkCredentials(
  kind: "application" | "managedIdentity",
  credentials: readonly CredentialSpec[],
  path: readonly PathSegment[],
  problems: ProblemList,
): ResolvedCredential[] {
  const resolved: ResolvedCredential[] = [];
  const federatedNames = new Map<string, number>();
  let federatedCount = 0;
  credentials.forEach((cred, i) => {
    const at = [...path, i];
    if (kind === "managedIdentity" && cred.type !== "federated") {
      problems.add([...at, "type"], `a managed identity cannot hold a ${cred.type}: it gets tokens from the Azure platform with no secret; remove this credential, or use type: federated for workloads outside Azure`);
      return;
    }
    if (cred.type === "federated") {
      if (!isHttpsUrl(cred.issuer)) {
        problems.add([...at, "issuer"], `federated issuer "${cred.issuer}" must be an https URL (e.g. https://token.actions.githubusercontent.com)`);
      }
      const name = cred.name ?? `fic-${federatedCount}`;
      const previous = federatedNames.get(name);
      if (previous !== undefined) problems.add([...at, "name"], `federated credential name "${name}" is already used by credentials[${previous}]; names must be unique per workload`);
      federatedNames.set(name, i);
      federatedCount++;
      if (federatedCount === MAX_FEDERATED_CREDENTIALS + 1) {
        problems.add(at, `more than ${MAX_FEDERATED_CREDENTIALS} federated credentials: Entra allows ${MAX_FEDERATED_CREDENTIALS} per application or identity; use fewer subjects (e.g. one per environment) or split the workload`);
      }
      resolved.push({ ...cred, name });
      return;
    }
    const problem = overlapProblem(cred.type, cred.lifetimeDays, cred.rotateAfterDays);
    if (problem) problems.add([...at, "rotateAfterDays"], problem);
    resolved.push(cred);
  });
  for (const type of ["secret", "certificate"] as const) {
    const indices = credentials.flatMap((c, i) => (c.type === type ? [i] : []));
    if (indices.length > 1) {
      problems.add([...path, indices[1]], `only one ${type} credential per workload: a ${type} already rotates as a staggered pair (credentials[${indices[0]}]); remove this entry`);
    }
  }
  return resolved;
}
