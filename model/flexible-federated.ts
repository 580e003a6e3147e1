/**
 * Flexible federated identity credentials: one trust matching many subjects with a restricted expression language
 * (https://learn.microsoft.com/en-us/entra/workload-id/workload-identities-flexible-federated-identity-credentials).
 * Supported on application objects only ("Flexible federated identity credentials support is not yet available for
 * managed identities", https://learn.microsoft.com/en-us/entra/workload-id/workload-identities-set-up-flexible-federated-identity-credential),
 * declared with azuread.ApplicationFlexibleFederatedIdentityCredential
 * (terraform-provider-azuread@38d1993a:internal/services/applications/application_flexible_federated_identity_credential_resource.go).
 */
export interface FlexibleFederatedCredential {
  /** The credential's display name (1–120 characters in the provider). */
  name: string;
  issuer: string;
  /** E.g. `claims['sub'] matches 'repo:contoso/platform:ref:refs/heads/*'`. */
  claimsMatchingExpression: string;
  /** The provider takes one audience (1–600 characters). */
  audience: string;
}

/**
 * One clause of the language: a claim lookup `claims['<claimName>']`, an operator name separated by single spaces,
 * and a comparand in single quotes (the language structure table of the flexible FIC article above). Clauses join
 * with ` and `. Operators are not restricted here: the article's list may grow.
 */
const CLAUSE = /^claims\['[^']+'\] [A-Za-z]+ '[^']*'$/;

/** Why an expression does not follow the language's structure, or undefined. */
export function claimsExpressionFlaw(expression: string): string | undefined {
  const clauses = expression.split(" and ");
  const bad = clauses.find((c) => !CLAUSE.test(c));
  if (bad === undefined) return undefined;
  return `"${bad}" is not claims['<claim>'] <operator> '<value>' (single spaces, single quotes), e.g. claims['sub'] matches 'repo:contoso/platform:ref:refs/heads/*'`;
}

/** Whether the expression uses a wildcard: any matching subject may sign in (the federated-trust review looks at these). */
export function hasWildcard(expression: string): boolean {
  return /matches '[^']*[*?][^']*'/.test(expression);
}
