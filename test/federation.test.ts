import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import { FederatedIdentityCredential, UserAssignedIdentity } from "@pulumi/azure-native/managedidentity";
import { describe, expect, it } from "vitest";
import { FederatedCredentials } from "../components/federated-credentials";
import { FEDERATED_NAME_PATTERN, defaultFederatedName, subjectFindings } from "../model/federated-rules";
import type { FederatedCredential } from "../model/workload-spec";
import { isManifestError } from "../stacks/manifest";
import { checkCredentials } from "../stacks/manifest/checks/credentials";
import { ProblemList } from "../stacks/manifest/problems";
import type { CredentialSpec } from "../stacks/manifest/schema";
import { VAULT, named, ofType, runManifest, T, type Manifest } from "./support/program";
import { registrationError, simulate, valueOf } from "./simulator/harness";

const GITHUB = "https://token.actions.githubusercontent.com";
const AKS = "https://westeurope.oic.prod-aks.azure.com/6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0/8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a/";
const fic = (name: string) => ({ type: "federated", name, issuer: GITHUB, subject: `repo:contoso/platform:environment:${name}` });
const app = (credentials: unknown[]): Manifest => ({ keyVault: VAULT, workloads: { deployer: { credentials } } });
const mi = (credentials: unknown[]): Manifest => ({ keyVault: VAULT, workloads: { runner: { type: "managedIdentity", resourceGroupName: "rg-ci", credentials } } });

describe("federated credentials", () => {
  it("on a managed identity are written one after another (Azure rejects concurrent writes on one identity)", async () => {
    const run = await runManifest(mi([fic("dev"), fic("test"), fic("prod")]));
    expect(run.failures).toEqual([]);
    const [dev, test, prod] = ["dev", "test", "prod"].map((n) => named(run, `runner-fic-${n}`));
    const identity = named(run, "runner-identity");
    expect(dev.dependsOn).toEqual([identity.urn]);
    expect(test.dependsOn).toEqual(expect.arrayContaining([dev.urn, identity.urn]));
    expect(prod.dependsOn).toEqual(expect.arrayContaining([test.urn, identity.urn]));
    expect(prod.inputs).toMatchObject({ federatedIdentityCredentialResourceName: "prod", resourceName: "runner-test", audiences: ["api://AzureADTokenExchange"] });
  });

  it("on an application are independent of each other and attach to the application's resource id", async () => {
    const run = await runManifest(app([fic("dev"), fic("prod")]));
    const application = named(run, "deployer-app");
    const creds = ofType(run, T.appFederated);
    expect(creds.map((c) => c.dependsOn)).toEqual([[application.urn], [application.urn]]);
    expect(creds[1].inputs).toMatchObject({ displayName: "prod", issuer: GITHUB, subject: "repo:contoso/platform:environment:prod" });
    expect(String(creds[1].inputs.applicationId)).toMatch(/^\/applications\/[0-9a-f-]{36}$/);
    expect(ofType(run, T.password)).toEqual([]);
  });
});

/** [what is wrong, manifest, path, message] — each one a `pulumi up` failure (or a trust that never matches) the plan used to pass. */
const REFUSED: [string, Manifest, string, RegExp][] = [
  ["two audiences", app([{ ...fic("dev"), audiences: ["api://AzureADTokenExchange", "api://other"] }]), "workloads.deployer.credentials[0].audiences",
    /^has 2 audiences; Entra accepts exactly one .*use \[api:\/\/AzureADTokenExchange\]/],
  ["no audience", app([{ ...fic("dev"), audiences: [] }]), "workloads.deployer.credentials[0].audiences", /^has 0 audiences; Entra accepts exactly one/],
  ["a two-character name", app([fic("qa")]), "workloads.deployer.credentials[0].name", /^federated credential name "qa" is invalid: use 3–120 letters/],
  ["a name with a dot", mi([{ ...fic("dev"), name: "github.dev" }]), "workloads.runner.credentials[0].name", /^federated credential name "github\.dev" is invalid/],
  ["a name starting with a dash", mi([{ ...fic("dev"), name: "-github" }]), "workloads.runner.credentials[0].name", /is invalid/],
  ["a 121-character name", app([{ ...fic("dev"), name: "a".repeat(121) }]), "workloads.deployer.credentials[0].name", /is invalid/],
  ["the same issuer and subject twice", app([fic("dev"), { ...fic("dev"), name: "github-dev-again" }]), "workloads.deployer.credentials[1]",
    /^credentials\[0\] and credentials\[1\] trust the same issuer and subject \("repo:contoso\/platform:environment:dev"\)/],
  ["GitHub's issuer with a trailing slash", app([{ ...fic("dev"), issuer: `${GITHUB}/` }]), "workloads.deployer.credentials[0].issuer",
    /^GitHub's issuer is exactly "https:\/\/token\.actions\.githubusercontent\.com" \(or ".*\/<enterprise slug>"/],
  ["GitHub's enterprise issuer with a trailing slash", app([{ ...fic("dev"), issuer: `${GITHUB}/contoso/` }]), "workloads.deployer.credentials[0].issuer", /^GitHub's issuer is exactly/],
  ["an AKS issuer without its trailing slash", mi([{ ...fic("dev"), issuer: AKS.slice(0, -1), subject: "system:serviceaccount:orders:orders-api" }]), "workloads.runner.credentials[0].issuer",
    /^an AKS OIDC issuer has the form https:\/\/<region>\.oic\.prod-aks\.azure\.com\/<tenant id>\/<cluster guid>\/ \(with the trailing slash\)/],
  ["an issuer with a leading space", app([{ ...fic("dev"), issuer: ` ${GITHUB}` }]), "workloads.deployer.credentials[0].issuer", /has leading or trailing whitespace/],
  ["an issuer over 600 characters", app([{ ...fic("dev"), issuer: `https://issuer.example.com/${"a".repeat(600)}`, subject: "s" }]), "workloads.deployer.credentials[0].issuer",
    /^issuer is 627 characters; Entra allows at most 600$/],
  ["a subject over 600 characters", app([{ ...fic("dev"), issuer: "https://issuer.example.com", subject: "s".repeat(601) }]), "workloads.deployer.credentials[0].subject",
    /^subject is 601 characters; Entra allows at most 600$/],
  ["GitHub's pull-request with a dash", app([{ ...fic("dev"), subject: "repo:contoso/platform:pull-request" }]), "workloads.deployer.credentials[0].subject",
    /^subject "repo:contoso\/platform:pull-request" is not one of GitHub's subject forms \("pull_request" has an underscore\)/],
  ["a branch without refs/heads", app([{ ...fic("dev"), subject: "repo:contoso/platform:ref:main" }]), "workloads.deployer.credentials[0].subject",
    /\(a ref is refs\/heads\/<branch> or refs\/tags\/<tag>\)/],
  ["a wildcard branch", app([{ ...fic("dev"), subject: "repo:contoso/platform:ref:refs/heads/*" }]), "workloads.deployer.credentials[0].subject", /contains "\*": Entra matches subjects exactly and supports no wildcards/],
  ["a customized GitHub subject without subjectFormat: custom", app([{ ...fic("dev"), subject: "job_workflow_ref:contoso/automation/.github/workflows/deploy.yml@refs/heads/main" }]),
    "workloads.deployer.credentials[0].subject", /looks like a customized subject claim: set subjectFormat: custom/],
  ["an AKS subject that is not a service account", mi([{ ...fic("dev"), issuer: AKS, subject: "orders-api" }]), "workloads.runner.credentials[0].subject",
    /^subject "orders-api" is not a Kubernetes service account: AKS issues system:serviceaccount:<namespace>:<service account name>/],
  ["renamedFrom equal to another credential's name", app([fic("dev"), { ...fic("prod"), renamedFrom: "dev" }]), "workloads.deployer.credentials[1].renamedFrom",
    /^"dev" is the name of credentials\[0\]/],
];

describe("federated credentials: what Entra and ARM refuse stops the plan (exit 2)", () => {
  it.each(REFUSED)("%s", async (_what, manifest, path, message) => {
    const run = await runManifest(manifest);
    expect(isManifestError(run.error), `expected an invalid manifest; failures: ${JSON.stringify(run.failures)}`).toBe(true);
    if (!isManifestError(run.error)) return;
    const problem = run.error.problems.find((p) => p.path === path);
    expect(problem, JSON.stringify(run.error.problems)).toBeDefined();
    expect(problem?.message).toMatch(message);
    expect(run.resources).toEqual([]);
  });

  it.each([
    ["GitHub's issuer exactly", { ...fic("dev") }],
    ["an enterprise's unique GitHub issuer", { ...fic("dev"), issuer: `${GITHUB}/contoso-inc` }],
    ["a GHE.com issuer", { ...fic("dev"), issuer: "https://token.actions.octocorp.ghe.com" }],
    ["a tag", { ...fic("dev"), subject: "repo:contoso/platform:ref:refs/tags/v2" }],
    ["a branch", { ...fic("dev"), subject: "repo:contoso/platform:ref:refs/heads/release/2026" }],
    ["pull_request", { ...fic("dev"), subject: "repo:contoso/platform:pull_request" }],
    ["an immutable subject", { ...fic("dev"), subject: "repo:contoso@5544123/platform@821093847:ref:refs/heads/main" }],
    ["a customized subject declared as such", { ...fic("dev"), subject: "repo:contoso/platform:environment:prod:job_workflow_ref:contoso/automation/.github/workflows/oidc.yml@refs/heads/main", subjectFormat: "custom" }],
    ["another identity provider", { ...fic("dev"), issuer: "https://accounts.google.com", subject: "117430363281828298142" }],
  ])("accepts %s", async (_what, credential) => {
    const run = await runManifest(app([credential]));
    expect(run.error, String(run.error)).toBeUndefined();
    expect(run.failures).toEqual([]);
    expect(ofType(run, T.appFederated)).toHaveLength(1);
  });

  it("accepts the AKS issuer exactly as az aks show prints it, on a managed identity", async () => {
    const run = await runManifest(mi([{ type: "federated", name: "aks-orders", issuer: AKS, subject: "system:serviceaccount:orders:orders-api" }]));
    expect(run.error, String(run.error)).toBeUndefined();
    expect(named(run, "runner-fic-aks-orders").inputs).toMatchObject({ issuer: AKS });
  });

  it("warns that GitHub subjects are matched case-sensitively when owner, repository or environment has upper case", () => {
    const problems = new ProblemList();
    const warnings = new ProblemList();
    const creds = [{ type: "federated", issuer: GITHUB, subject: "repo:Contoso/platform:environment:Production", subjectFormat: "default", audiences: ["api://AzureADTokenExchange"] }];
    checkCredentials("application", creds as CredentialSpec[], ["workloads", "app", "credentials"], problems, warnings);
    expect(problems.items).toEqual([]);
    expect(warnings.items).toEqual([{
      path: "workloads.app.credentials[0].subject",
      message: expect.stringMatching(/^Entra matches subjects case-sensitively: the owner and environment in "repo:Contoso\/platform:environment:Production" must be spelled exactly as in GitHub's token .* AADSTS7002138$/),
    }]);
    expect(subjectFindings(GITHUB, "repo:contoso/platform:environment:prod", "default")).toEqual([]);
  });
});

describe("federated credential names", () => {
  it("derives an unnamed credential's name from issuer and subject: readable, within Entra's name rule, different per trust", () => {
    const name = defaultFederatedName(GITHUB, "repo:contoso/platform:environment:prod");
    expect(name).toMatch(/^contoso-platform-environment-prod-[0-9a-f]{8}$/);
    expect(defaultFederatedName(AKS, "system:serviceaccount:orders:orders-api")).toMatch(/^orders-orders-api-[0-9a-f]{8}$/);
    expect(defaultFederatedName(GITHUB, "repo:Contoso/platform:environment:prod")).not.toBe(name);
    for (const subject of ["x".repeat(600), "::::", "repo:a/b:pull_request"]) expect(defaultFederatedName(GITHUB, subject)).toMatch(FEDERATED_NAME_PATTERN);
  });

  it("keeps a credential's name and logical name when another credential before it is removed (no position-derived names)", async () => {
    const dev = { type: "federated", issuer: GITHUB, subject: "repo:contoso/platform:environment:dev" };
    const prod = { type: "federated", issuer: GITHUB, subject: "repo:contoso/platform:environment:prod" };
    const before = await runManifest(mi([dev, prod]));
    const after = await runManifest(mi([prod]));
    const prodBefore = ofType(before, T.miFederated).find((r) => r.inputs.subject === prod.subject);
    const [prodAfter] = ofType(after, T.miFederated);
    expect(prodAfter.name).toBe(prodBefore?.name);
    expect(prodAfter.inputs.federatedIdentityCredentialResourceName).toBe(prodBefore?.inputs.federatedIdentityCredentialResourceName);
    expect(prodAfter.inputs.federatedIdentityCredentialResourceName).toBe(defaultFederatedName(GITHUB, prod.subject));
    expect(prodAfter.name).toBe(`runner-fic-${defaultFederatedName(GITHUB, prod.subject)}`);
  });

  it("keeps explicit names as given", async () => {
    const run = await runManifest(app([fic("github-dev")]));
    expect(named(run, "deployer-fic-github-dev").inputs).toMatchObject({ displayName: "github-dev" });
  });
});

interface Seen { name: string; opts: pulumi.CustomResourceOptions }

/** Declares the component under the simulator and records each child's resource options. */
async function declare(kind: "application" | "managedIdentity", credentials: FederatedCredential[]): Promise<Seen[]> {
  await simulate();
  const seen: Seen[] = [];
  const target = kind === "application"
    ? { kind, applicationId: "/applications/00000000-0000-0000-0000-000000000001" } as const
    : { kind, identityName: "runner-test", resourceGroupName: "rg-ci" } as const;
  const component = new FederatedCredentials("runner-fic", { target, credentials }, {
    transformations: [(args) => {
      if (args.type !== "entra-workloads:index:FederatedCredentials") seen.push({ name: args.name, opts: args.opts });
      return undefined;
    }],
  });
  await Promise.all(component.resources.map((r) => valueOf(r.urn)));
  return seen;
}

const spec = (name: string, formerNames: string[] = []): FederatedCredential => ({
  type: "federated", name, issuer: GITHUB, subject: `repo:contoso/platform:environment:${name}`, audiences: ["api://AzureADTokenExchange"], formerNames,
});

describe("federated credential renames", () => {
  it.each(["application", "managedIdentity"] as const)("on %s: delete before replace, and aliases from former names, so a rename never collides", async (kind) => {
    const seen = await declare(kind, [spec("github-development", ["github-dev"]), spec("github-prod")]);
    expect(seen.map((s) => s.name)).toEqual(["runner-fic-github-development", "runner-fic-github-prod"]);
    expect(seen.map((s) => s.opts.deleteBeforeReplace)).toEqual([true, true]);
    // azure-native adds its own type aliases (API versions); ours rename.
    const renames = (s: Seen) => (s.opts.aliases ?? []).filter((a) => typeof a === "object" && "name" in a);
    expect(renames(seen[0])).toEqual([{ name: "runner-fic-github-dev" }]);
    expect(renames(seen[1])).toEqual([]);
    if (kind === "managedIdentity") expect(seen[0].opts.replaceOnChanges).toEqual(["federatedIdentityCredentialResourceName"]);
  });

  it("aliases an unnamed credential to the position-derived name earlier versions gave it (fic-<n>), unless a named credential holds that name", () => {
    const unnamed = { type: "federated", issuer: GITHUB, subject: "repo:contoso/platform:environment:prod" };
    const problems = new ProblemList();
    const resolved = checkCredentials("managedIdentity", [
      { ...unnamed, subject: "repo:contoso/platform:environment:dev", name: "fic-1" },
      unnamed,
    ].map((c) => ({ subjectFormat: "default", audiences: ["api://AzureADTokenExchange"], ...c })) as CredentialSpec[], ["c"], problems);
    expect(problems.items).toEqual([]);
    expect(resolved.map((c) => c.type === "federated" && c.formerNames)).toEqual([[], []]);
    const alone = checkCredentials("managedIdentity", [{ ...unnamed, subjectFormat: "default", audiences: ["api://AzureADTokenExchange"] }] as CredentialSpec[], ["c"], problems);
    expect(alone.map((c) => c.type === "federated" && c.formerNames)).toEqual([["fic-0"]]);
  });

  it("a rename through the manifest: renamedFrom becomes the alias", async () => {
    const run = await runManifest(mi([{ ...fic("github-development"), renamedFrom: "github-dev" }]));
    expect(run.error, String(run.error)).toBeUndefined();
    expect(named(run, "runner-fic-github-development").inputs).toMatchObject({ federatedIdentityCredentialResourceName: "github-development" });
  });
});

describe("simulator: what Graph and ARM refuse in a federated identity credential (exit 3)", () => {
  const identity = () => new UserAssignedIdentity("runner-identity", { resourceGroupName: "rg-ci", resourceName: "runner-test" });
  const onIdentity = (name: string, args: Partial<{ subject: string; audiences: string[]; federatedIdentityCredentialResourceName: string }>, mi: UserAssignedIdentity) =>
    new FederatedIdentityCredential(name, {
      resourceGroupName: "rg-ci", resourceName: mi.name, issuer: GITHUB, subject: "repo:contoso/platform:environment:dev",
      audiences: ["api://AzureADTokenExchange"], federatedIdentityCredentialResourceName: name, ...args,
    });

  it("refuses two audiences on an application (Request_BadRequest)", async () => {
    await simulate();
    const application = new azuread.Application("deployer-app", { displayName: "deployer" });
    const cred = new azuread.ApplicationFederatedIdentityCredential("deployer-fic-dev", {
      applicationId: application.id.apply((id) => `/applications/${id}`), displayName: "github-dev", issuer: GITHUB,
      subject: "repo:contoso/platform:environment:dev", audiences: ["api://AzureADTokenExchange", "api://other"],
    });
    expect(await registrationError(cred)).toMatch(/Request_BadRequest: Federated identity credentials must have exactly one audience\. — resource "deployer-fic-dev"/);
  });

  it("refuses a managed identity credential name ARM's pattern rejects (BadRequest)", async () => {
    await simulate();
    const cred = onIdentity("ab", {}, identity());
    expect(await registrationError(cred)).toMatch(/BadRequest: Federated Identity Credential name 'ab' is invalid\./);
  });

  it("refuses the same issuer and subject twice on one identity, naming the first credential", async () => {
    await simulate();
    const mi = identity();
    const first = onIdentity("github-dev", {}, mi);
    await valueOf(first.id);
    const second = onIdentity("github-dev-again", {}, mi);
    expect(await registrationError(second)).toMatch(/BadRequest: Issuer and subject combination already exists for this Managed Identity\. .*Fix: "github-dev" \(name github-dev\) already trusts/);
  });

  it("refuses a subject over 600 characters", async () => {
    await simulate();
    const cred = onIdentity("github-long", { subject: "s".repeat(601) }, identity());
    expect(await registrationError(cred)).toMatch(/BadRequest: The subject of a federated identity credential has a limit of 600 characters\./);
  });
});
