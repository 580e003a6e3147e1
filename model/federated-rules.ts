import { createHash } from "node:crypto";

/**
 * What Entra ID, ARM and the external identity providers accept in a federated identity credential: one rule set
 * for the manifest (stacks/manifest/checks/federated.ts), the components and the simulator. No `@pulumi` import.
 *
 * Sources (read for this file):
 * - FIC_LIMITS: https://learn.microsoft.com/en-us/entra/workload-id/workload-identity-federation-considerations
 *   (MicrosoftDocs/entra-docs docs/workload-id/includes/federated-credential-configuration-considerations.md and the
 *   "Errors" table of docs/workload-id/workload-identity-federation-considerations.md; applies to applications and
 *   user-assigned managed identities)
 * - GRAPH_FIC: https://learn.microsoft.com/en-us/graph/api/resources/federatedidentitycredential?view=graph-rest-1.0
 * - ARM_FIC: Azure/azure-rest-api-specs@16c9ca76:specification/msi/resource-manager/Microsoft.ManagedIdentity/stable/2023-01-31/ManagedIdentity.json
 *   (2023-01-31 is the API version @pulumi/azure-native 3.28 uses for managedidentity.FederatedIdentityCredential)
 * - AZUREAD_FIC: terraform-provider-azuread@38d1993a:internal/services/applications/application_federated_identity_credential_resource.go
 * - GITHUB_OIDC: https://docs.github.com/en/enterprise-cloud@latest/actions/reference/security/oidc
 * - AKS_OIDC: https://learn.microsoft.com/en-us/azure/aks/use-oidc-issuer
 */

/** At most 20 federated identity credentials per application or user-assigned managed identity (FIC_LIMITS). */
export const MAX_FEDERATED_CREDENTIALS = 20;

/** The audience Entra ID expects in the external token (FIC_LIMITS, GRAPH_FIC `audiences`). */
export const DEFAULT_AUDIENCE = "api://AzureADTokenExchange";

/** Issuer, subject and the audience are each limited to 600 characters (GRAPH_FIC; FIC_LIMITS). */
export const MAX_CLAIM_LENGTH = 600;

/**
 * A credential's name: 3–120 characters, letters, digits, dashes and underscores, letter or digit first; immutable
 * once created. FIC_LIMITS ("must be URL friendly. Alphanumeric, dash, or underscore characters are supported, the
 * first character must be alphanumeric only"), ARM_FIC's `FederatedIdentityCredentialResourceNameParameter` pattern
 * `^[a-zA-Z0-9]{1}[a-zA-Z0-9-_]{2,119}$`, GRAPH_FIC `name` (120, URL friendly, immutable).
 */
export const FEDERATED_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/;

/** `default`: the subject is checked against the identity provider's documented forms; `custom`: taken as written. */
export type SubjectFormat = "default" | "custom";

export const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";

/** The host of GitHub's OIDC provider on github.com, and on GHE.com (`token.actions.<subdomain>.ghe.com`) (GITHUB_OIDC). */
const GITHUB_HOST = /^token\.actions\.(?:githubusercontent\.com|[a-z0-9-]+\.ghe\.com)$/;
/** `https://{region}.oic.prod-aks.azure.com/{tenant id}/{uuid}/` (AKS_OIDC: `az aks show` output and the discovery document's `issuer`). */
const AKS_HOST = /^[a-z0-9]+\.oic\.prod-aks\.azure\.com$/i;
const GUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
const AKS_PATH = new RegExp(`^/${GUID}/${GUID}/$`);

export type IssuerKind = "github" | "aks" | "other";

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** Which well-known identity provider an issuer belongs to (by host); `other` when none. */
export function issuerKind(issuer: string): IssuerKind {
  const url = parseUrl(issuer.trim());
  if (!url) return "other";
  if (GITHUB_HOST.test(url.hostname)) return "github";
  if (AKS_HOST.test(url.hostname)) return "aks";
  return "other";
}

/** Why a name is refused, or undefined (see {@link FEDERATED_NAME_PATTERN}). */
export function nameProblem(name: string): string | undefined {
  if (FEDERATED_NAME_PATTERN.test(name)) return undefined;
  return `federated credential name "${name}" is invalid: use 3–120 letters, digits, dashes or underscores, starting with a letter or digit (Entra and ARM refuse it otherwise)`;
}

/** Why the audiences are refused, or undefined: exactly one, at most 600 characters (GRAPH_FIC, AZUREAD_FIC `MaxItems: 1`, FIC_LIMITS). */
export function audiencesProblem(audiences: readonly string[]): string | undefined {
  if (audiences.length !== 1) {
    return `has ${audiences.length} audiences; Entra accepts exactly one ("Federated identity credentials must have exactly one audience."): use [${DEFAULT_AUDIENCE}], or one credential per audience`;
  }
  return lengthProblem("audience", audiences[0]);
}

/** Why a claim value is too long, or undefined (GRAPH_FIC: 600 characters). */
export function lengthProblem(what: "issuer" | "subject" | "audience", value: string): string | undefined {
  if (value.length <= MAX_CLAIM_LENGTH) return undefined;
  return `${what} is ${value.length} characters; Entra allows at most ${MAX_CLAIM_LENGTH}`;
}

/**
 * Why an issuer is refused, or undefined. Entra compares it with the token's `iss` claim exactly, so the
 * well-known issuers must be written exactly as their provider issues them.
 */
export function issuerProblem(issuer: string): string | undefined {
  // FIC_LIMITS: "If the issuer claim has leading or trailing whitespace in the value, the token exchange is blocked."
  if (issuer !== issuer.trim()) return `issuer "${issuer}" has leading or trailing whitespace; Entra blocks the token exchange — remove it`;
  const url = parseUrl(issuer);
  // ARM_FIC `issuer` has `format: uri`; Entra fetches the OIDC discovery document from it (FIC_LIMITS).
  if (url?.protocol !== "https:") return `federated issuer "${issuer}" must be an https URL (e.g. ${GITHUB_ISSUER})`;
  const long = lengthProblem("issuer", issuer);
  if (long) return long;
  const kind = issuerKind(issuer);
  if (kind === "github") {
    // GITHUB_OIDC: `iss` is https://token.actions.githubusercontent.com, or with an enterprise's unique URL
    // https://token.actions.githubusercontent.com/<enterpriseSlug> — never with a trailing slash.
    const base = `https://${url.hostname}`;
    if (issuer === base || /^\/[A-Za-z0-9-]+$/.test(url.pathname) && issuer === `${base}${url.pathname}`) return undefined;
    return `GitHub's issuer is exactly "${base}" (or "${base}/<enterprise slug>" when the enterprise uses a unique issuer URL), with no trailing slash or other path; "${issuer}" never matches the token's iss claim`;
  }
  if (kind === "aks") {
    // AKS_OIDC: https://{region}.oic.prod-aks.azure.com/{tenant_id}/{uuid}/ — `az aks show --query oidcIssuerProfile.issuerUrl` prints it with the trailing slash.
    if (AKS_PATH.test(url.pathname) && issuer === `https://${url.hostname}${url.pathname}`) return undefined;
    return `an AKS OIDC issuer has the form https://<region>.oic.prod-aks.azure.com/<tenant id>/<cluster guid>/ (with the trailing slash); copy it from: az aks show --query oidcIssuerProfile.issuerUrl -o tsv`;
  }
  return undefined;
}

export interface SubjectFinding {
  severity: "error" | "warning";
  message: string;
}

/** GitHub's default `sub` forms (GITHUB_OIDC "Example subject claims"); owner and repository may carry `@<id>` (immutable subjects). */
const GITHUB_DEFAULT_SUBJECT = /^repo:([^/:\s]+)\/([^/:\s]+):(environment:(.+)|ref:refs\/(?:heads|tags)\/(.+)|pull_request)$/;
/** The keys GitHub can put in a customized `sub` (GITHUB_OIDC "Customizing the subject claims": include_claim_keys). */
const GITHUB_CUSTOM_SUBJECT = /^(?:repo|context|job_workflow_ref|repository_owner|repository_owner_id|repository_id|repository_visibility|environment|ref|ref_type|workflow|workflow_ref|event_name|actor|actor_id|enterprise|enterprise_id|runner_environment|head_ref|base_ref):/;
/**
 * Kubernetes service account tokens: `system:serviceaccount:<namespace>:<service account>`
 * (https://learn.microsoft.com/en-us/entra/workload-id/workload-identity-federation-create-trust, Kubernetes); names
 * are lower-case DNS labels / subdomains (https://kubernetes.io/docs/concepts/overview/working-with-objects/names/).
 */
const KUBERNETES_SUBJECT = /^system:serviceaccount:[a-z0-9]([-a-z0-9]*[a-z0-9])?:[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/;

const GITHUB_FORMS = "repo:<owner>/<repo>:environment:<name>, repo:<owner>/<repo>:ref:refs/heads/<branch>, repo:<owner>/<repo>:ref:refs/tags/<tag> or repo:<owner>/<repo>:pull_request";

/**
 * What is wrong with a subject for its issuer. Errors: not one of the provider's documented forms (unless the
 * manifest says `subjectFormat: custom`), over 600 characters, a wildcard. Warning: upper case in a GitHub subject,
 * since Entra compares subjects case-sensitively (AADSTS7002138 "The subject matches with case-insensitive
 * comparison, but not with case-sensitive comparison", as reported in https://github.com/Azure/login/issues/573).
 */
export function subjectFindings(issuer: string, subject: string, format: SubjectFormat): SubjectFinding[] {
  const long = lengthProblem("subject", subject);
  if (long) return [{ severity: "error", message: long }];
  // FIC_LIMITS: "Wildcard characters aren't supported in any federated identity credential property value."
  if (subject.includes("*")) {
    return [{ severity: "error", message: `subject "${subject}" contains "*": Entra matches subjects exactly and supports no wildcards; declare one credential per branch, tag or environment (or use an environment that covers them)` }];
  }
  if (format === "custom") return [];
  const kind = issuerKind(issuer);
  if (kind === "github") return githubSubjectFindings(subject);
  if (kind === "aks" && !KUBERNETES_SUBJECT.test(subject)) {
    return [{ severity: "error", message: `subject "${subject}" is not a Kubernetes service account: AKS issues system:serviceaccount:<namespace>:<service account name> (lower case)` }];
  }
  return [];
}

function githubSubjectFindings(subject: string): SubjectFinding[] {
  const match = GITHUB_DEFAULT_SUBJECT.exec(subject);
  if (!match) {
    const hint = /:pull-request$/.test(subject) ? ` ("pull_request" has an underscore)`
      : /^repo:[^:]+:ref:(?!refs\/)/.test(subject) ? " (a ref is refs/heads/<branch> or refs/tags/<tag>)"
        : "";
    const custom = GITHUB_CUSTOM_SUBJECT.test(subject) ? "; it looks like a customized subject claim: set subjectFormat: custom if your organization or repository uses that template" : "; if your organization or repository customizes the subject claim (e.g. job_workflow_ref), set subjectFormat: custom";
    return [{ severity: "error", message: `subject "${subject}" is not one of GitHub's subject forms${hint}: ${GITHUB_FORMS}${custom}` }];
  }
  const [, owner, repo, , environment] = match;
  const upper = [["owner", owner], ["repository", repo], ["environment", environment]].filter(([, v]) => v !== undefined && /[A-Z]/.test(v));
  if (upper.length === 0) return [];
  return [{
    severity: "warning",
    message: `Entra matches subjects case-sensitively: the ${upper.map(([k]) => k).join(" and ")} in "${subject}" must be spelled exactly as in GitHub's token (owner and repository as GitHub spells them, the environment as the workflow's environment: names it), or sign-in fails with AADSTS7002138`,
  }];
}

/**
 * The default name of a credential the manifest leaves unnamed: a readable slug of the subject and 8 hex digits of
 * the issuer and subject, so removing or reordering another credential never renames it, and the same trust always
 * gets the same name. Satisfies {@link FEDERATED_NAME_PATTERN}.
 */
export function defaultFederatedName(issuer: string, subject: string): string {
  const hash = createHash("sha256").update(`${issuer}\n${subject}`).digest("hex").slice(0, 8);
  const readable = subject.replace(/^(?:repo|system:serviceaccount):/, "").toLowerCase().replace(/[^a-z0-9]+/g, "-");
  const slug = readable.slice(0, 120 - hash.length - 1).replace(/^-+|-+$/g, "");
  return slug === "" ? hash : `${slug}-${hash}`;
}
