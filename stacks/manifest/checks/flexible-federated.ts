import { audiencesProblem, issuerProblem, nameProblem } from "../../../model/federated-rules";
import { claimsExpressionFlaw, hasWildcard, type FlexibleFederatedCredential } from "../../../model/flexible-federated";
import type { PathSegment, ProblemList } from "../problems";
import type { WorkloadSpec } from "../schema";

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
): FlexibleFederatedCredential[] | undefined {
  const entries = spec.flexibleFederatedCredentials;
  if (entries.length === 0) return undefined;
  if (spec.type === "managedIdentity") {
    problems.add(path, "flexible federated credentials are not yet available for managed identities; use credentials of type federated, or an application workload");
    return undefined;
  }
  const taken = new Map<string, string>();
  spec.credentials.forEach((c, i) => { if (c.type === "federated" && c.name !== undefined) taken.set(c.name, `credentials[${i}]`); });
  return entries.map((e, i) => {
    const at = [...path, i];
    const name = nameProblem(e.name);
    if (name) problems.add([...at, "name"], name);
    const earlier = taken.get(e.name);
    if (earlier !== undefined) problems.add([...at, "name"], `"${e.name}" is already the name of ${earlier}; federated credential names must be unique per application`);
    taken.set(e.name, `flexibleFederatedCredentials[${i}]`);
    const issuer = issuerProblem(e.issuer);
    if (issuer) problems.add([...at, "issuer"], issuer);
    const audience = audiencesProblem([e.audience]);
    if (audience) problems.add([...at, "audience"], audience);
    const flaw = claimsExpressionFlaw(e.claimsMatchingExpression);
    if (flaw) problems.add([...at, "claimsMatchingExpression"], flaw);
    else if (hasWildcard(e.claimsMatchingExpression)) {
      warnings.add([...at, "claimsMatchingExpression"], "matches a wildcard: every subject it matches (every branch, workflow or run phase) signs in as this workload; narrow it to protected refs or environments");
    }
    return { name: e.name, issuer: e.issuer, claimsMatchingExpression: e.claimsMatchingExpression, audience: e.audience };
  });
}
