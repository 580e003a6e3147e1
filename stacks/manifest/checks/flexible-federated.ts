import { audiencesProblem, defaultFederatedName, issuerProblem, nameProblem } from "../../../model/federated-rules";
import { claimsExpressionFlaw, hasWildcard, type FlexibleFederatedCredential } from "../../../model/flexible-federated";
import type { PathSegment, ProblemList } from "../problems";
import type { WorkloadSpec } from "../schema";
import { NO_FRAGMENTS, type Fragment } from "../zod-problems";
import { fragmentName } from "./federated";

/** The malformed items of both credential lists (zod-problems.ts, fragments): their names still take a name. */
export interface CredentialFragments {
  credentials: ReadonlyMap<number, Fragment>;
  flexible: ReadonlyMap<number, Fragment>;
}

/**
 * `flexibleFederatedCredentials`: applications only (model/flexible-federated.ts cites why); the issuer, name and
 * audience by the federated credential rules (model/federated-rules.ts); the expression by the language's structure.
 * A wildcard is a warning: every subject it matches signs in as the workload.
 */
export function checkFlexibleFederated(
  spec: WorkloadSpec,
  path: readonly PathSegment[],
  problems: ProblemList,
  warnings: ProblemList,
  fragments: CredentialFragments = { credentials: NO_FRAGMENTS, flexible: NO_FRAGMENTS },
): FlexibleFederatedCredential[] | undefined {
  const entries = spec.flexibleFederatedCredentials;
  if (entries.length === 0) return undefined;
  if (spec.type === "managedIdentity") {
    problems.add(path, "flexible federated credentials are not yet available for managed identities; use credentials of type federated, or an application workload");
    return undefined;
  }
  const taken = new Map<string, string>();
  // Every federated credential's name as it is deployed: the given one, or for an unnamed one the name derived from its
  // issuer and subject (model/federated-rules.ts defaultFederatedName, what checks/federated.ts resolves and
  // components/workload.ts sends as the credential's name). Both kinds share one namespace per application.
  spec.credentials.forEach((c, i) => {
    if (c.type === "federated") taken.set(c.name ?? defaultFederatedName(c.issuer, c.subject), `credentials[${i}]${c.name === undefined ? " (its name derived from issuer and subject)" : ""}`);
  });
  for (const [i, f] of fragments.credentials) {
    const name = f.value.type === "federated" ? fragmentName(f) : undefined;
    if (name !== undefined && !taken.has(name)) taken.set(name, `credentials[${i}]`);
  }
  // Each name in list order, well-formed items and malformed ones whose name is well-formed alike: the later of two is told.
  const claim = (name: string, i: number) => {
    const earlier = taken.get(name);
    if (earlier !== undefined) problems.add([...path, i, "name"], `"${name}" is already the name of ${earlier}; federated credential names must be unique per application`);
    else taken.set(name, `flexibleFederatedCredentials[${i}]`);
  };
  const resolved: FlexibleFederatedCredential[] = [];
  for (let i = 0; i < entries.length; i++) {
    const at = [...path, i];
    if (!(i in entries)) {
      const malformedName = fragments.flexible.get(i)?.value.name;
      if (typeof malformedName === "string") claim(malformedName, i);
      continue;
    }
    const e = entries[i];
    const name = nameProblem(e.name);
    if (name) problems.add([...at, "name"], name);
    claim(e.name, i);
    const issuer = issuerProblem(e.issuer);
    if (issuer) problems.add([...at, "issuer"], issuer);
    const audience = audiencesProblem([e.audience]);
    if (audience) problems.add([...at, "audience"], audience);
    const flaw = claimsExpressionFlaw(e.claimsMatchingExpression);
    if (flaw) problems.add([...at, "claimsMatchingExpression"], flaw);
    else if (hasWildcard(e.claimsMatchingExpression)) {
      warnings.add([...at, "claimsMatchingExpression"], "matches a wildcard: every subject it matches (every branch, workflow or run phase) signs in as this workload; narrow it to protected refs or environments");
    }
    resolved.push({ name: e.name, issuer: e.issuer, claimsMatchingExpression: e.claimsMatchingExpression, audience: e.audience });
  }
  return resolved;
}
