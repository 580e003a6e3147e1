import type { ConformanceCase } from "./case";
import { OWNERS, VAULT } from "../support/program";

const GITHUB = "https://token.actions.githubusercontent.com";
const AKS = "https://westeurope.oic.prod-aks.azure.com/6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0/8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a/";
const CONSIDERATIONS = "https://learn.microsoft.com/en-us/entra/workload-id/workload-identity-federation-considerations";
const GRAPH = "https://learn.microsoft.com/en-us/graph/api/resources/federatedidentitycredential?view=graph-rest-1.0";
const github = (extra: Record<string, unknown> = {}) => ({ type: "federated", name: "github-dev", issuer: GITHUB, subject: "repo:contoso/platform:environment:dev", ...extra });
const app = (...credentials: unknown[]) => ({ keyVault: VAULT, defaults: OWNERS, workloads: { deployer: { credentials } } });
const mi = (...credentials: unknown[]) => ({ keyVault: VAULT, workloads: { runner: { type: "managedIdentity", resourceGroupName: "rg-ci", credentials } } });
const at = (workload: string, i: number, field?: string) => `workloads.${workload}.credentials[${i}]${field ? `.${field}` : ""}`;

/** Federated identity credentials: rules in model/federated-rules.ts, checked in stacks/manifest/checks/federated.ts. */
export const federatedCases: ConformanceCase[] = [
  {
    rule: "federated-credential-one-audience",
    catches: "a federated credential with more than one audience (or none): Entra and ARM accept exactly one",
    source: CONSIDERATIONS,
    realError: "400: Federated identity credentials must have exactly one audience.",
    manifest: app(github({ audiences: ["api://AzureADTokenExchange", "api://contoso-deploy"] })),
    expect: { exit: 2, path: at("deployer", 0, "audiences"), message: /^has 2 audiences; Entra accepts exactly one/ },
  },
  {
    rule: "federated-credential-name",
    catches: "a federated credential name outside 3–120 letters, digits, dashes and underscores (letter or digit first)",
    source: "Azure/azure-rest-api-specs@16c9ca76:specification/msi/resource-manager/Microsoft.ManagedIdentity/stable/2023-01-31/ManagedIdentity.json",
    realError: "400: Federated Identity Credential name 'gh' is invalid.",
    manifest: mi(github({ name: "gh" })),
    expect: { exit: 2, path: at("runner", 0, "name"), message: /^federated credential name "gh" is invalid: use 3–120 letters, digits, dashes or underscores/ },
  },
  {
    rule: "federated-credential-issuer-subject-unique",
    catches: "two federated credentials of one identity trusting the same issuer and subject",
    source: CONSIDERATIONS,
    realError: "400: Issuer and subject combination already exists for this Managed Identity.",
    manifest: mi(github(), github({ name: "github-dev-again" })),
    expect: { exit: 2, path: at("runner", 1), message: /^credentials\[0\] and credentials\[1\] trust the same issuer and subject/ },
  },
  {
    rule: "federated-credential-github-issuer-exact",
    catches: "GitHub's issuer with a trailing slash or an extra path: it never equals the token's iss, so every sign-in fails",
    source: "https://docs.github.com/en/enterprise-cloud@latest/actions/reference/security/oidc",
    realError: "AADSTS700211: No matching federated identity record found for presented assertion issuer 'https://token.actions.githubusercontent.com'.",
    manifest: app(github({ issuer: `${GITHUB}/` })),
    expect: { exit: 2, path: at("deployer", 0, "issuer"), message: /^GitHub's issuer is exactly "https:\/\/token\.actions\.githubusercontent\.com"/ },
  },
  {
    rule: "federated-credential-aks-issuer-form",
    catches: "an AKS OIDC issuer not in its exact form https://<region>.oic.prod-aks.azure.com/<tenant id>/<guid>/ (e.g. without the trailing slash)",
    source: "https://learn.microsoft.com/en-us/azure/aks/use-oidc-issuer",
    realError: "AADSTS700211: No matching federated identity record found for presented assertion issuer 'https://westeurope.oic.prod-aks.azure.com/<tenant id>/<guid>/'.",
    manifest: mi({ type: "federated", name: "aks-orders", issuer: AKS.slice(0, -1), subject: "system:serviceaccount:orders:orders-api" }),
    expect: { exit: 2, path: at("runner", 0, "issuer"), message: /^an AKS OIDC issuer has the form/ },
  },
  {
    rule: "federated-credential-github-subject-form",
    catches: "a GitHub subject in none of GitHub's forms (e.g. `:pull-request`, `ref:main`) unless declared `subjectFormat: custom`",
    source: "https://docs.github.com/en/actions/reference/security/oidc",
    realError: "AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:contoso/platform:pull_request'.",
    manifest: app(github({ subject: "repo:contoso/platform:pull-request" })),
    expect: { exit: 2, path: at("deployer", 0, "subject"), message: /is not one of GitHub's subject forms \("pull_request" has an underscore\)/ },
  },
  {
    rule: "federated-credential-aks-subject-form",
    catches: "an AKS federated credential whose subject is not system:serviceaccount:<namespace>:<service account>",
    source: "https://learn.microsoft.com/en-us/entra/workload-id/workload-identity-federation-create-trust",
    realError: "AADSTS700213: No matching federated identity record found for presented assertion subject 'system:serviceaccount:orders:orders-api'.",
    manifest: mi({ type: "federated", name: "aks-orders", issuer: AKS, subject: "orders:orders-api" }),
    expect: { exit: 2, path: at("runner", 0, "subject"), message: /is not a Kubernetes service account/ },
  },
  {
    rule: "federated-credential-claim-length",
    catches: "an issuer, subject or audience over 600 characters",
    source: GRAPH,
    realError: "400 Bad Request from Graph / ARM (the exact wording is not published; Graph documents the 600-character limit)",
    manifest: app({ type: "federated", name: "long-subject", issuer: "https://issuer.example.com", subject: "s".repeat(601) }),
    expect: { exit: 2, path: at("deployer", 0, "subject"), message: /^subject is 601 characters; Entra allows at most 600$/ },
  },
  {
    rule: "federated-credential-no-wildcards",
    catches: "a wildcard in a subject (`refs/heads/*`): Entra matches exactly, so the credential trusts nothing",
    source: CONSIDERATIONS,
    realError: "AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:contoso/platform:ref:refs/heads/main'.",
    manifest: app(github({ subject: "repo:contoso/platform:ref:refs/heads/*" })),
    expect: { exit: 2, path: at("deployer", 0, "subject"), message: /contains "\*": Entra matches subjects exactly and supports no wildcards/ },
  },
  {
    rule: "federated-credential-issuer-whitespace",
    catches: "an issuer with leading or trailing whitespace, which blocks the token exchange",
    source: CONSIDERATIONS,
    realError: "AADSTS700211: No matching federated identity record found for presented assertion issuer 'https://token.actions.githubusercontent.com'.",
    manifest: app(github({ issuer: `${GITHUB} ` })),
    expect: { exit: 2, path: at("deployer", 0, "issuer"), message: /has leading or trailing whitespace/ },
  },
  {
    rule: "federated-credential-limit-20",
    catches: "more than 20 federated credentials on one application or managed identity",
    source: CONSIDERATIONS,
    realError: "400: A maximum of 20 federated identity credentials can be added to an application or user-assigned managed identity.",
    manifest: mi(...Array.from({ length: 21 }, (_, i) => github({ name: `github-env-${i}`, subject: `repo:contoso/platform:environment:env-${i}` }))),
    expect: { exit: 2, path: at("runner", 20), message: /^more than 20 federated credentials/ },
  },
];
