import type { PathSegment, ProblemList } from "../problems";
import type { FederatedCredentialSpec } from "../schema";
import type { FederatedCredential } from "../../../model/workload-spec";
import { NO_FRAGMENTS, type Fragment } from "../zod-problems";
import {
  MAX_FEDERATED_CREDENTIALS, audiencesProblem, defaultFederatedName, issuerProblem, nameProblem, subjectFindings,
} from "../../../model/federated-rules";

/** One federated credential of a workload, with where it sits in `credentials[]`. */
export interface FederatedEntry {
  spec: FederatedCredentialSpec;
  /** Index in the workload's `credentials[]`. */
  index: number;
}

/**
 * Checks a workload's federated credentials as Entra ID and ARM will (the rules and their sources are in
 * model/federated-rules.ts) and resolves each one's name: the given name, else one derived from issuer and
 * subject, never from the credential's position.
 */
export function checkFederatedCredentials(
  entries: readonly FederatedEntry[],
  path: readonly PathSegment[],
  problems: ProblemList,
  warnings?: ProblemList,
  fragments: ReadonlyMap<number, Fragment> = NO_FRAGMENTS,
): FederatedCredential[] {
  const resolved: FederatedCredential[] = [];
  const byName = new Map<string, number>();
  const byTrust = new Map<string, number>();
  // A malformed federated credential (zod-problems.ts, fragments) is compared by what is well-formed in it, in its
  // place among the others; nothing else of it is checked (its shape error is reported already).
  const compareFragment = (fragment: Fragment, index: number) => {
    const at = [...path, index];
    const name = fragmentName(fragment);
    const sameName = name === undefined ? undefined : byName.get(name);
    if (name !== undefined && sameName !== undefined) problems.add([...at, "name"], `federated credential name "${name}" is already used by credentials[${sameName}]; names must be unique per workload`);
    if (name !== undefined) byName.set(name, index);
    const { issuer, subject } = fragment.value;
    if (typeof issuer !== "string" || typeof subject !== "string") return;
    const sameTrust = byTrust.get(`${issuer}\n${subject}`);
    if (sameTrust !== undefined) {
      problems.add(at, `credentials[${sameTrust}] and credentials[${index}] trust the same issuer and subject ("${subject}"); Entra allows each issuer + subject once per identity — remove one of them`);
    }
    byTrust.set(`${issuer}\n${subject}`, index);
  };
  const pending = [...fragments].sort(([a], [b]) => a - b);
  const fragmentsBefore = (index: number) => {
    while (pending.length > 0 && pending[0][0] < index) {
      const [at, fragment] = pending.shift() as [number, Fragment];
      compareFragment(fragment, at);
    }
  };
  entries.forEach(({ spec, index }, position) => {
    fragmentsBefore(index);
    const at = [...path, index];
    const issuer = issuerProblem(spec.issuer);
    if (issuer) problems.add([...at, "issuer"], issuer);
    for (const finding of subjectFindings(spec.issuer, spec.subject, spec.subjectFormat)) {
      (finding.severity === "error" ? problems : warnings)?.add([...at, "subject"], finding.message);
    }
    const audiences = audiencesProblem(spec.audiences);
    if (audiences) problems.add([...at, "audiences"], audiences);

    const name = spec.name ?? defaultFederatedName(spec.issuer, spec.subject);
    const invalidName = nameProblem(name);
    if (invalidName) problems.add([...at, "name"], invalidName);
    // Graph `name` is an alternate key (unique per application); ARM addresses the credential by it.
    const sameName = byName.get(name);
    if (sameName !== undefined) problems.add([...at, "name"], `federated credential name "${name}" is already used by credentials[${sameName}]; names must be unique per workload`);
    byName.set(name, index);

    // FIC_LIMITS / GRAPH_FIC: "The combination of the values of issuer and subject must be unique within the app";
    // ARM: "Issuer and subject combination already exists for this Managed Identity."
    const trust = `${spec.issuer}\n${spec.subject}`;
    const sameTrust = byTrust.get(trust);
    if (sameTrust !== undefined) {
      problems.add(at, `credentials[${sameTrust}] and credentials[${index}] trust the same issuer and subject ("${spec.subject}"); Entra allows each issuer + subject once per identity — remove one of them`);
    }
    byTrust.set(trust, index);

    if (position === MAX_FEDERATED_CREDENTIALS) {
      problems.add(at, `more than ${MAX_FEDERATED_CREDENTIALS} federated credentials: Entra allows ${MAX_FEDERATED_CREDENTIALS} per application or identity; use fewer subjects (e.g. one per environment) or split the workload`);
    }
    resolved.push({
      type: "federated", name, issuer: spec.issuer, subject: spec.subject, audiences: spec.audiences,
      formerNames: formerNames(spec, position, at, problems),
    });
  });
  fragmentsBefore(Number.POSITIVE_INFINITY);
  // A former name that is another credential's current name would make two resources claim one.
  resolved.forEach((cred, i) => {
    cred.formerNames = cred.formerNames.filter((former) => {
      if (!byName.has(former)) return true;
      if (entries[i].spec.renamedFrom === former) {
        problems.add([...path, entries[i].index, "renamedFrom"], `"${former}" is the name of credentials[${byName.get(former)}]; renamedFrom names this credential's own previous name, which no other credential may still use`);
      }
      return false;
    });
  });
  return resolved;
}

/**
 * The name a malformed federated credential would be deployed under, when what is well-formed in it tells: its own
 * name, or (left out) the one derived from a well-formed issuer and subject; undefined when a shape error hides it.
 */
export function fragmentName(fragment: Fragment): string | undefined {
  const { name, issuer, subject } = fragment.value;
  if (typeof name === "string") return name;
  if (!fragment.absent.has("name") || typeof issuer !== "string" || typeof subject !== "string") return undefined;
  return defaultFederatedName(issuer, subject);
}

/**
 * Names the credential was deployed under before, which the component turns into `aliases` so the rename replaces
 * the credential (deleted, then created) instead of creating a second one with the same issuer and subject:
 * `renamedFrom`, or for an unnamed credential the position-derived default of earlier versions (`fic-<n>`).
 */
function formerNames(spec: FederatedCredentialSpec, position: number, at: readonly PathSegment[], problems: ProblemList): string[] {
  if (spec.renamedFrom !== undefined) {
    const invalid = nameProblem(spec.renamedFrom);
    if (invalid) problems.add([...at, "renamedFrom"], invalid);
    if (spec.renamedFrom === spec.name) problems.add([...at, "renamedFrom"], `is the same as name "${spec.name}"; remove renamedFrom once the rename is deployed`);
    if (spec.name === undefined) problems.add([...at, "name"], "is required with renamedFrom: give the credential's new name");
    return [spec.renamedFrom];
  }
  return spec.name === undefined ? [`fic-${position}`] : [];
}
