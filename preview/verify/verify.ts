import { api as catalogApi, expectFound } from "../../model/catalog";
import type { CallerCredential } from "./caller";
import { clientCredentialsToken, tokenEndpoint, type ClientAuth } from "./entra";
import { armApi, GITHUB_ISSUER } from "./expectations";
import { githubOidcToken, inGithubActions, type GithubOidcEnv } from "./github";
import { appRedirectUris, delegatedGrants, servicePrincipalId } from "./graph";
import type { Endpoints } from "./http";
import { imdsToken } from "./imds";
import { certificateAssertion, decodeClaims, type TokenClaims } from "./jwt";
import { readSecret, vaultUrl } from "./keyvault";
import type { DeployedStack, DeployedWorkload } from "./outputs";
import type { Clock } from "./retry";
import { checkAssignments, checkAzureRoles } from "./roles-check";
import { checkToken } from "./token-check";
import type { CheckResult, TokenResource, VerifyReport, WorkloadExpectation, WorkloadResult } from "./types";

export interface VerifyContext {
  endpoints: Endpoints;
  caller: CallerCredential;
  clock: Clock;
  /** The GitHub Actions OIDC variables, when inside a job. */
  env: GithubOidcEnv;
  /** Whether this machine is Azure compute with the managed identities attached (then IMDS is asked). */
  onAzureHost: boolean;
  /** How long a role check waits for RBAC to propagate, in ms. */
  rbacWaitMs: number;
  /** Per-request IMDS timeout. @default 10 s */
  imdsTimeoutMs?: number;
  /** Subscriptions the stack grants roles in: each workload's role assignments there are compared with the plan. */
  subscriptions: string[];
  /** The rotation gate: only whether each credential gets a token for its workload; no role comparisons. */
  credentialOnly: boolean;
  /** Filled with every secret value, assertion and token the run handles, so output can be scrubbed of them. */
  sensitive: Set<string>;
}

const keyVaultScope = () => expectFound(catalogApi("Azure Key Vault"))?.defaultScope ?? "";
const graphScope = () => expectFound(catalogApi("Microsoft Graph"))?.defaultScope ?? "";

/** Acquires a token for one resource; a failure becomes the check's result. */
type Acquire = (resource: TokenResource) => Promise<string>;

interface Run { ctx: VerifyContext; deadline: number; callerTokens: Map<string, Promise<string>> }

function callerToken(run: Run, scope: string): Promise<string> {
  let token = run.callerTokens.get(scope);
  if (!token) {
    token = run.ctx.caller.getToken(scope).then((t) => { run.ctx.sensitive.add(t); return t; });
    run.callerTokens.set(scope, token);
  }
  return token;
}

/** Every token the flow gets, checked against the plan; then the Azure roles with the ARM one. */
async function tokensAndRoles(exp: WorkloadExpectation, deployed: DeployedWorkload, acquire: Acquire, run: Run): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const arm = armApi();
  let armToken: string | undefined;
  for (const resource of exp.resources) {
    let token: string;
    try {
      token = await acquire(resource);
      run.ctx.sensitive.add(token);
    } catch (err) {
      results.push({ check: `token ${resource.scope}`, status: "failed", detail: (err as Error).message });
      continue;
    }
    results.push(checkToken(resource, token, deployed, exp.awaitingConsent, !run.ctx.credentialOnly));
    if (resource.scope === arm.defaultScope) armToken = token;
  }
  if (exp.azureRoles.length > 0 && !run.ctx.credentialOnly) {
    if (armToken === undefined) {
      results.push({ check: "Azure roles", status: "failed", detail: "no Azure Resource Manager token for the workload, so its roles could not be listed" });
    } else {
      results.push(...await checkAzureRoles(exp.azureRoles, armToken, {
        arm: run.ctx.endpoints.arm, clock: run.ctx.clock, rbacDeadline: run.deadline,
        callerArmToken: () => callerToken(run, arm.defaultScope),
      }));
    }
  }
  return results;
}

async function credentialFlow(exp: WorkloadExpectation, deployed: DeployedWorkload, vaultName: string | undefined, run: Run): Promise<CheckResult[]> {
  const check = `newest ${exp.flow === "client-certificate" ? "certificate" : "secret"} in Key Vault`;
  if (!exp.keyVaultSecret || !vaultName) {
    return [{ check, status: "failed", detail: `${!vaultName ? "the stack outputs name no keyVaultName" : "the plan names no Key Vault secret for the newest credential"}; nothing to sign in with` }];
  }
  let value: string;
  try {
    const secret = await readSecret(vaultUrl(run.ctx.endpoints.keyVault, vaultName), exp.keyVaultSecret, await callerToken(run, keyVaultScope()));
    const now = run.ctx.clock.now();
    if (!secret.enabled) return [{ check, status: "failed", detail: `${vaultName}/${exp.keyVaultSecret} is disabled` }];
    if (secret.expires && secret.expires.getTime() <= now) return [{ check, status: "failed", detail: `${vaultName}/${exp.keyVaultSecret} expired on ${secret.expires.toISOString()}: rotation has stopped` }];
    value = secret.value;
    run.ctx.sensitive.add(value);
  } catch (err) {
    return [{ check, status: "failed", detail: `cannot read it with ${run.ctx.caller.description}: ${(err as Error).message}` }];
  }
  const read: CheckResult = { check, status: "passed", detail: `read ${vaultName}/${exp.keyVaultSecret} with ${run.ctx.caller.description} (value not shown)` };
  const { authorityHost } = run.ctx.endpoints;
  const auth = (): ClientAuth => exp.flow === "client-certificate"
    ? { kind: "assertion", assertion: certificateAssertion(value, deployed.clientId, tokenEndpoint(authorityHost, deployed.tenantId), run.ctx.clock.now()) }
    : { kind: "secret", secret: value };
  return [read, ...await tokensAndRoles(exp, deployed, (r) => clientCredentialsToken(authorityHost, deployed.tenantId, deployed.clientId, r.scope, auth()), run)];
}

async function managedIdentityFlow(exp: WorkloadExpectation, deployed: DeployedWorkload, run: Run): Promise<CheckResult[]> {
  if (!run.ctx.onAzureHost) {
    const aks = exp.federated.length > 0 ? `; on Kubernetes with workload identity the pod exchanges its service account token (${exp.federated.map((f) => f.subject).join(", ")}) instead` : "";
    return [{
      check: "managed identity token (IMDS)",
      status: "on-host",
      detail: `verify on the host: run \`npm run verify -- --workload ${exp.name} --on-azure-host …\` on the Azure compute the identity is attached to (client id ${deployed.clientId})${aks}`,
    }];
  }
  return tokensAndRoles(exp, deployed, async (resource) => {
    const result = await imdsToken({ endpoint: run.ctx.endpoints.imds, clientId: deployed.clientId, resource: resource.resource, clock: run.ctx.clock, ...(run.ctx.imdsTimeoutMs ? { timeoutMs: run.ctx.imdsTimeoutMs } : {}) });
    if (!result.token) throw new Error(result.error ?? "IMDS gave no token");
    return result.token;
  }, run);
}

async function federatedFlow(exp: WorkloadExpectation, deployed: DeployedWorkload, run: Run): Promise<CheckResult[]> {
  const github = exp.federated.filter((f) => f.issuer === GITHUB_ISSUER);
  const others: CheckResult[] = exp.federated.filter((f) => f.issuer !== GITHUB_ISSUER).map((f) => ({
    check: `federated ${f.name}`, status: "on-host", detail: `verify where ${f.issuer} issues tokens for ${f.subject}`,
  }));
  if (github.length === 0) return others;
  if (!inGithubActions(run.ctx.env)) {
    return [...others, ...github.map((f): CheckResult => ({ check: `federated ${f.name}`, status: "on-host", detail: `verify inside a GitHub Actions job whose token's subject is ${f.subject} (permissions: id-token: write)` }))];
  }
  const audience = github[0]?.audiences[0] ?? "";
  let assertion: string;
  let claims: TokenClaims;
  try {
    assertion = await githubOidcToken(run.ctx.env, audience);
    run.ctx.sensitive.add(assertion);
    claims = decodeClaims(assertion);
  } catch (err) {
    return [...others, { check: "GitHub OIDC token", status: "failed", detail: (err as Error).message }];
  }
  const match = github.find((f) => f.issuer === claims.iss && f.subject === claims.sub && f.audiences.includes(String(claims.aud)));
  const notThisJob = github.filter((f) => f !== match).map((f): CheckResult => ({ check: `federated ${f.name}`, status: "on-host", detail: `verify from a job whose subject is ${f.subject}` }));
  if (!match) {
    return [...others, ...notThisJob, {
      check: "federated trust",
      status: "failed",
      detail: `this job's token (iss ${String(claims.iss)}, sub ${String(claims.sub)}, aud ${String(claims.aud)}) matches no federated credential of ${exp.name}; trusted subjects: ${github.map((f) => f.subject).join(", ")}`,
    }];
  }
  const trust: CheckResult = { check: `federated ${match.name}`, status: "passed", detail: `issuer, subject ${match.subject} and audience ${String(claims.aud)} match; exchanging the job's token` };
  const exchanged = await tokensAndRoles(exp, deployed, (r) => clientCredentialsToken(run.ctx.endpoints.authorityHost, deployed.tenantId, deployed.clientId, r.scope, { kind: "assertion", assertion }), run);
  return [...others, ...notThisJob, trust, ...exchanged];
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

async function userSignInFlow(exp: WorkloadExpectation, deployed: DeployedWorkload, run: Run): Promise<CheckResult[]> {
  const { graph } = run.ctx.endpoints;
  const results: CheckResult[] = [];
  try {
    const token = await callerToken(run, graphScope());
    const actual = await appRedirectUris(graph, deployed.clientId, token);
    results.push(sameSet(actual, exp.redirectUris)
      ? { check: "redirect URIs", status: "passed", detail: exp.redirectUris.join(", ") || "none" }
      : { check: "redirect URIs", status: "failed", detail: `registered ${actual.join(", ") || "none"}; the plan has ${exp.redirectUris.join(", ") || "none"}` });
    const grants = await delegatedGrants(graph, deployed.servicePrincipalObjectId, token);
    for (const resource of exp.resources.filter((r) => r.scopes.length > 0 && r.appId)) {
      const spId = await servicePrincipalId(graph, resource.appId as string, token);
      const granted = [...new Set(grants.filter((g) => g.resourceId === spId && g.consentType === "AllPrincipals").flatMap((g) => g.scope.split(" ").filter(Boolean)))];
      const missing = resource.scopes.filter((s) => !granted.includes(s));
      const extra = granted.filter((s) => !resource.scopes.includes(s));
      const problems = [
        ...(missing.length > 0 ? [`no admin consent for ${missing.join(", ")}`] : []),
        ...(extra.length > 0 ? [`more access than planned: consent also covers ${extra.join(", ")}`] : []),
      ];
      results.push({ check: `consent ${resource.api}`, status: problems.length === 0 ? "passed" : "failed", detail: problems.length === 0 ? `granted for all users: ${granted.join(" ")}` : problems.join("; ") });
    }
  } catch (err) {
    results.push({ check: "sign-in configuration", status: "failed", detail: `cannot read it with ${run.ctx.caller.description}: ${(err as Error).message}` });
  }
  results.push({
    check: "user token",
    status: "needs-person",
    detail: `a person must sign in (authorization-code flow${exp.redirectUris[0] ? ` through ${exp.redirectUris[0]}` : ""}): a user's token cannot be had unattended, and app-only tokens are refused by this API; expect scp ⊆ ${exp.expectedScopes.join(" ")}`,
  });
  return results;
}

/** Verifies one workload the way it will get its tokens. */
export async function verifyWorkload(exp: WorkloadExpectation, deployed: DeployedStack, run: Run): Promise<WorkloadResult> {
  const ids = deployed.workloads[exp.name];
  const checks: CheckResult[] = [];
  if (!ids) {
    checks.push({ check: "deployed", status: "failed", detail: "not in the stack outputs: the plan has it, the stack does not (run `pulumi up`, or pass this stack's outputs)" });
  } else if (exp.flow === "client-secret" || exp.flow === "client-certificate") {
    checks.push(...await credentialFlow(exp, ids, deployed.keyVaultName, run));
  } else if (exp.flow === "managed-identity") {
    checks.push(...await managedIdentityFlow(exp, ids, run));
  } else if (exp.flow === "federated") {
    checks.push(...await federatedFlow(exp, ids, run));
  } else if (exp.flow === "user-sign-in") {
    checks.push(...await userSignInFlow(exp, ids, run));
  } else {
    checks.push({ check: "credential", status: "skipped", detail: "the workload has no credential: nothing signs in as it" });
  }
  if (ids && !run.ctx.credentialOnly) {
    const arm = armApi();
    checks.push(...await checkAssignments(exp.azureRoles, run.ctx.subscriptions, ids.servicePrincipalObjectId, run.ctx.endpoints.arm, () => callerToken(run, arm.defaultScope)));
  }
  return { name: exp.name, flow: exp.flow, checks };
}

/** Verifies every workload in turn; the RBAC wait is one budget for the whole run. */
export async function verifyStack(expectations: readonly WorkloadExpectation[], deployed: DeployedStack, ctx: VerifyContext): Promise<VerifyReport> {
  const run: Run = { ctx, deadline: ctx.clock.now() + ctx.rbacWaitMs, callerTokens: new Map() };
  const workloads: WorkloadResult[] = [];
  for (const exp of expectations) workloads.push(await verifyWorkload(exp, deployed, run));
  return { workloads };
}
