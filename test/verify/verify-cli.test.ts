import { readFileSync } from "node:fs";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../preview/cli/commands/verify";
import { EXIT } from "../../preview/cli/exit-codes";

const EXIT_OK = EXIT.ok;
const EXIT_VERIFY_FAILED = EXIT.verifyFailed;
const EXIT_BAD_INPUT = EXIT.invalid;
import type { CallerCredential } from "../../preview/verify/caller";
import type { ExplainFile, VerifyReport } from "../../preview/verify/types";
import { fakeClock, startFake, type Fake, type FakeState } from "./fakes";
import { ARM, BLOCKS, CERT_PEM, CONTRIBUTOR, DEVOPS, files, GRAPH, healthyState, IDS, MARKETPLACE, METERING_SECRET, OWNER, plan, READER, SAAS_RG, SECRET, SUB, WORKSPACE } from "./scenario";

let fake: Fake | undefined;
afterEach(async () => { await fake?.close(); fake = undefined; });

const caller: CallerCredential = { description: "the test caller", getToken: (scope) => Promise.resolve(`caller-token-for-${scope}`) };

/** Runs verify against fakes serving `state`; `env` may point at the fake (GitHub's OIDC request URL). */
async function verify(state: FakeState, args: string[] = [], env: (fakeUrl: string) => NodeJS.ProcessEnv = () => ({})) {
  fake = await startFake(state);
  const f = files();
  const out: string[] = [];
  const err: string[] = [];
  const clock = fakeClock();
  const json = path.join(f.dir, "report.json");
  const code = await main([
    "--plan", f.plan, "--outputs", f.outputs, "--json", json,
    "--authority-host", fake.url, "--imds-endpoint", fake.url, "--arm-endpoint", fake.url, "--graph-endpoint", fake.url,
    "--key-vault-url", `${fake.url}/kv/{vault}`, ...args,
  ], { stdout: (t) => out.push(t), stderr: (t) => err.push(t), clock, caller, env: env(fake.url) });
  const stdout = out.join("");
  const report = code === EXIT_OK || code === EXIT_VERIFY_FAILED ? (JSON.parse(readFileSync(json, "utf8")) as VerifyReport) : undefined;
  const check = (workload: string, name: string) => report?.workloads.find((w) => w.name === workload)?.checks.find((c) => c.check.includes(name));
  return { code, stdout, stderr: err.join(""), report, check, waits: clock.waits, json: report ? readFileSync(json, "utf8") : "" };
}

describe("npm run verify against fakes of Entra ID, IMDS, Key Vault, ARM and Graph", () => {
  it("verifies every workload the way it gets its token and exits 0 when all match the plan", async () => {
    const r = await verify(healthyState(), ["--on-azure-host"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(EXIT_OK);
    expect(r.check("law-reader", "Key Vault")).toMatchObject({ status: "passed" });
    expect(r.check("law-reader", `token ${ARM.defaultScope}`)).toMatchObject({ status: "passed" });
    expect(r.check("law-reader", "Log Analytics Reader")).toMatchObject({ status: "passed", detail: expect.stringContaining("nothing broader") });
    expect(r.check("graph-daemon", `token ${GRAPH.defaultScope}`)).toMatchObject({ status: "passed", detail: expect.stringContaining("roles User.Read.All") });
    expect(r.check("marketplace-metering", `token ${MARKETPLACE.defaultScope}`)).toMatchObject({ status: "passed", detail: expect.stringContaining(`aud ${MARKETPLACE.tokenResource}`) });
    expect(r.check("metering-identity", "Reader")).toMatchObject({ status: "passed" });
    expect(r.check("pat-manager", "redirect URIs")).toMatchObject({ status: "passed" });
    expect(r.check("pat-manager", `consent ${DEVOPS.name}`)).toMatchObject({ status: "passed" });
    expect(r.check("pat-manager", "user token")).toMatchObject({ status: "needs-person" });
    expect(r.check("deploy-pipeline", "federated")).toMatchObject({ status: "on-host", detail: expect.stringContaining("inside a GitHub Actions job") });
    expect(r.stdout).toMatch(/^\*\*Verified 6 workloads: no check failed\*\*/);
  });

  it("never prints a secret value, a certificate or any token, in the summary or the JSON", async () => {
    const state = healthyState();
    const r = await verify(state, ["--on-azure-host"]);
    expect(state.issued.length).toBeGreaterThan(3);
    for (const text of [r.stdout, r.json]) {
      for (const secret of [SECRET, METERING_SECRET, ...state.issued]) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY|BEGIN CERTIFICATE|caller-token/);
    }
    expect(CERT_PEM).toContain("BEGIN CERTIFICATE");
  });

  it("signs the certificate flow's assertion with the key Key Vault holds: Entra ID refuses it without the registered certificate", async () => {
    const state = healthyState();
    delete state.apps.find((a) => a.clientId === IDS["graph-daemon"].clientId)!.certificatePem;
    const r = await verify(state, ["--workload", "graph-daemon"]);
    expect(r.code).toBe(EXIT_VERIFY_FAILED);
    expect(r.check("graph-daemon", "token")).toMatchObject({ status: "failed", detail: expect.stringContaining("invalid_client: AADSTS7000215") });
  });

  it("fails the certificate flow when Key Vault holds no PEM key and certificate", async () => {
    const state = healthyState();
    state.vault["kv-workloads-dev"]["graph-daemon-certificate"] = { value: "not a pem" };
    const r = await verify(state, ["--workload", "graph-daemon"]);
    expect(r.code).toBe(EXIT_VERIFY_FAILED);
    expect(r.check("graph-daemon", "token")).toMatchObject({ status: "failed", detail: expect.stringContaining("not a PEM") });
  });

  it("reports a token with an extra role as more access than planned", async () => {
    const state = healthyState();
    state.apps.find((a) => a.clientId === IDS["graph-daemon"].clientId)!.roles = { [GRAPH.defaultScope]: ["User.Read.All", "Directory.Read.All"] };
    const r = await verify(state, ["--workload", "graph-daemon"]);
    expect(r.code).toBe(EXIT_VERIFY_FAILED);
    expect(r.check("graph-daemon", "token")).toMatchObject({ status: "failed", detail: expect.stringContaining("more access than planned: roles Directory.Read.All") });
    expect(r.stdout).toContain("❌ failed");
  });

  it("reports a missing role (consent not granted)", async () => {
    const state = healthyState();
    state.apps.find((a) => a.clientId === IDS["graph-daemon"].clientId)!.roles = {};
    const r = await verify(state, ["--workload", "graph-daemon"]);
    expect(r.code).toBe(EXIT_VERIFY_FAILED);
    expect(r.check("graph-daemon", "token")).toMatchObject({ status: "failed", detail: expect.stringContaining("missing roles User.Read.All") });
  });

  it("retries 403 while RBAC propagates: 5, 10, 20 s, then passes", async () => {
    const state = healthyState();
    state.permissions[WORKSPACE.toLowerCase()].forbidden = 3;
    const r = await verify(state, ["--workload", "law-reader"]);
    expect(r.code).toBe(EXIT_OK);
    expect(r.waits).toEqual([5_000, 10_000, 20_000]);
    expect(r.check("law-reader", "Log Analytics Reader")).toMatchObject({ status: "passed", detail: expect.stringContaining("after waiting 35 s") });
  });

  it("gives up on a 403 when the RBAC wait is over, with a bounded schedule", async () => {
    const state = healthyState();
    state.permissions[WORKSPACE.toLowerCase()].forbidden = 1_000;
    const r = await verify(state, ["--workload", "law-reader", "--rbac-wait-minutes", "2"]);
    expect(r.code).toBe(EXIT_VERIFY_FAILED);
    expect(r.waits).toEqual([5_000, 10_000, 20_000, 40_000, 45_000]);
    expect(r.check("law-reader", "Log Analytics Reader")).toMatchObject({ status: "failed", detail: expect.stringMatching(/AuthorizationFailed.*after waiting 120 s/) });
  });

  it("reports a missing Azure role once the wait is over", async () => {
    const state = healthyState();
    state.permissions[SAAS_RG.toLowerCase()] = { blocks: [] };
    const r = await verify(state, ["--workload", "metering-identity", "--on-azure-host", "--rbac-wait-minutes", "1"]);
    expect(r.code).toBe(EXIT_VERIFY_FAILED);
    expect(r.check("metering-identity", "Reader")).toMatchObject({ status: "failed", detail: expect.stringContaining("missing */read") });
  });

  it("reports effective permissions broader than the planned role", async () => {
    const state = healthyState();
    state.permissions[SAAS_RG.toLowerCase()] = { blocks: [...BLOCKS[READER.id], ...BLOCKS[OWNER.id]] };
    const r = await verify(state, ["--workload", "metering-identity", "--on-azure-host"]);
    expect(r.code).toBe(EXIT_VERIFY_FAILED);
    expect(r.waits).toEqual([]);
    expect(r.check("metering-identity", "Reader")).toMatchObject({ status: "failed", detail: expect.stringContaining("more access than planned: *") });
  });

  it("reports a role assignment made outside the manifest, anywhere in the stack's subscriptions", async () => {
    const state = healthyState();
    state.assignments[IDS["graph-daemon"].sp] = [{ roleDefinitionId: CONTRIBUTOR.id, scope: `${SUB}/resourceGroups/rg-other` }];
    const r = await verify(state, ["--workload", "graph-daemon", "--workload", "law-reader"]);
    expect(r.code).toBe(EXIT_VERIFY_FAILED);
    expect(r.check("graph-daemon", "role assignments")).toMatchObject({ status: "failed", detail: `more access than planned: Contributor at ${SUB}/resourceGroups/rg-other (not in the manifest)` });
    expect(r.check("law-reader", "role assignments")).toMatchObject({ status: "passed", detail: "1 assignment, all in the plan" });
  });

  it("reports a planned role assignment that does not exist", async () => {
    const state = healthyState();
    state.assignments[IDS["law-reader"].sp] = [];
    const r = await verify(state, ["--workload", "law-reader"]);
    expect(r.check("law-reader", "role assignments")).toMatchObject({ status: "failed", detail: `planned but not assigned: Log Analytics Reader at ${WORKSPACE}` });
  });

  it("skips the assignment listing, saying why, when the caller may not read role assignments at the subscription", async () => {
    const state = healthyState();
    state.assignmentsForbidden = true;
    const r = await verify(state, ["--workload", "law-reader"]);
    expect(r.code).toBe(EXIT_OK);
    expect(r.check("law-reader", "role assignments")).toMatchObject({ status: "skipped", detail: expect.stringContaining("give it Reader there") });
  });

  it("--credential-only (the rotation gate) checks that each newest credential gets its token, not the roles", async () => {
    const state = healthyState();
    state.apps.find((a) => a.clientId === IDS["graph-daemon"].clientId)!.roles = { [GRAPH.defaultScope]: ["User.Read.All", "Directory.Read.All"] };
    state.permissions[WORKSPACE.toLowerCase()].forbidden = 1_000;
    const ok = await verify(state, ["--credential-only"]);
    expect(ok.code).toBe(EXIT_OK);
    expect(ok.report?.workloads.map((w) => w.name)).toEqual(["law-reader", "graph-daemon", "marketplace-metering"]);
    expect(ok.waits).toEqual([]);
    expect(ok.stdout).not.toContain("role assignments");
    await fake?.close();
    const locked = healthyState();
    locked.vault["kv-workloads-dev"]["law-reader-client-secret"].value = "an-old-secret-value-entra-no-longer-knows";
    const bad = await verify(locked, ["--credential-only"]);
    expect(bad.code).toBe(EXIT_VERIFY_FAILED);
    expect(bad.check("law-reader", "token")).toMatchObject({ status: "failed", detail: expect.stringContaining("AADSTS7000215") });
    expect(bad.stdout).not.toContain("an-old-secret-value-entra-no-longer-knows");
  });

  it("gets a managed identity's token through IMDS with the seed's retries (429 × 3)", async () => {
    const state = healthyState();
    state.imdsScript = [429, 429, 429];
    const r = await verify(state, ["--workload", "metering-identity", "--on-azure-host"]);
    expect(r.code).toBe(EXIT_OK);
    expect(r.waits).toEqual([0, 2_000, 6_000]);
    expect(state.log.filter((l) => l.includes("/metadata/identity"))).toHaveLength(4);
  });

  it("reports managed identities as 'verify on the host' off Azure compute, without calling IMDS", async () => {
    const state = healthyState();
    const r = await verify(state, ["--workload", "metering-identity"]);
    expect(r.code).toBe(EXIT_OK);
    expect(r.check("metering-identity", "IMDS")).toMatchObject({ status: "on-host", detail: expect.stringContaining("verify on the host") });
    expect(state.log.filter((l) => l.includes("/metadata/"))).toEqual([]);
    // What the caller's own identity can check from anywhere still is: the identity's role assignments.
    expect(r.check("metering-identity", "role assignments")).toMatchObject({ status: "passed" });
  });

  const inGithubJob = (url: string) => ({ ACTIONS_ID_TOKEN_REQUEST_URL: `${url}/github-oidc?api-version=2.0`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: "gh-request-token" });

  it("inside a GitHub Actions job exchanges the job's OIDC token and proves the trust", async () => {
    const r = await verify(healthyState(), ["--workload", "deploy-pipeline"], inGithubJob);
    expect(r.code).toBe(EXIT_OK);
    expect(r.check("deploy-pipeline", "federated deploy-pipeline-fic-github-dev")).toMatchObject({ status: "passed", detail: expect.stringContaining("repo:contoso/platform:environment:dev") });
    expect(r.check("deploy-pipeline", `token ${ARM.defaultScope}`)).toMatchObject({ status: "passed" });
    expect(r.check("deploy-pipeline", "github-prs")).toMatchObject({ status: "on-host", detail: expect.stringContaining("repo:contoso/platform:pull_request") });
  });

  it("fails the federated check when the job's subject is not trusted", async () => {
    const state = healthyState();
    state.githubSubject = "repo:contoso/platform:ref:refs/heads/feature";
    const r = await verify(state, ["--workload", "deploy-pipeline"], inGithubJob);
    expect(r.code).toBe(EXIT_VERIFY_FAILED);
    expect(r.check("deploy-pipeline", "federated trust")).toMatchObject({ status: "failed", detail: expect.stringContaining("matches no federated credential") });
    expect(state.log.some((l) => l.includes("oauth2"))).toBe(false);
  });

  it("reports a GitHub OIDC answer that is not a JWT as a failed check, not a crash", async () => {
    const state = healthyState();
    state.githubOpaque = true;
    const r = await verify(state, ["--workload", "deploy-pipeline"], inGithubJob);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(EXIT_VERIFY_FAILED);
    expect(r.check("deploy-pipeline", "GitHub OIDC token")).toMatchObject({ status: "failed", detail: expect.stringContaining("not a JWT") });
  });

  it("reports consent beyond the plan for a sign-in app", async () => {
    const state = healthyState();
    state.grants[IDS["pat-manager"].sp][1].scope = "User.Read Mail.Read";
    const r = await verify(state, ["--workload", "pat-manager"]);
    expect(r.code).toBe(EXIT_VERIFY_FAILED);
    expect(r.check("pat-manager", `consent ${GRAPH.name}`)).toMatchObject({ status: "failed", detail: "more access than planned: consent also covers Mail.Read" });
  });

  it("fails a credential flow whose Key Vault secret is missing or expired", async () => {
    const state = healthyState();
    state.vault["kv-workloads-dev"]["law-reader-client-secret"].exp = Date.parse("2026-11-01T00:00:00Z") / 1000;
    delete state.vault["kv-workloads-dev"]["marketplace-metering-client-secret"];
    const r = await verify(state, ["--flow", "client-secret"]);
    expect(r.code).toBe(EXIT_VERIFY_FAILED);
    expect(r.check("law-reader", "Key Vault")).toMatchObject({ status: "failed", detail: expect.stringContaining("expired on 2026-11-01") });
    expect(r.check("marketplace-metering", "Key Vault")).toMatchObject({ status: "failed", detail: expect.stringContaining("SecretNotFound") });
    expect(r.report?.workloads.map((w) => w.name)).toEqual(["law-reader", "marketplace-metering"]);
  });
});

describe("npm run verify --explain (offline)", () => {
  it("writes the flow, token resources, expected roles and scopes and Azure roles per workload", async () => {
    const f = files();
    const out: string[] = [];
    const json = path.join(f.dir, "explain.json");
    const code = await main(["--plan", f.plan, "--explain", "--json", json], { stdout: (t) => out.push(t), stderr: (t) => out.push(t) });
    expect(code).toBe(EXIT_OK);
    const explain = JSON.parse(readFileSync(json, "utf8")) as ExplainFile;
    const w = Object.fromEntries(explain.workloads.map((x) => [x.name, x]));
    expect(Object.keys(explain.workloads[0] ?? {})).toEqual(["name", "flow", "resources", "expectedRoles", "expectedScopes", "azureRoles"]);
    expect(w["law-reader"]).toMatchObject({ flow: "client-secret", expectedRoles: [], azureRoles: [{ role: "Log Analytics Reader", scope: WORKSPACE }] });
    expect(w["graph-daemon"]).toMatchObject({ flow: "client-certificate", expectedRoles: ["User.Read.All"], resources: [{ scope: GRAPH.defaultScope }] });
    expect(w["marketplace-metering"]?.resources).toEqual([expect.objectContaining({ resource: MARKETPLACE.appId, scope: MARKETPLACE.defaultScope })]);
    expect(w["metering-identity"]).toMatchObject({ flow: "managed-identity", resources: [{ scope: ARM.defaultScope }] });
    expect(w["pat-manager"]).toMatchObject({ flow: "user-sign-in", expectedScopes: ["user_impersonation", "User.Read"] });
    expect(w["deploy-pipeline"]).toMatchObject({ flow: "federated", resources: [{ scope: ARM.defaultScope, roles: [] }] });
    expect(out.join("")).toContain("### graph-daemon: client-certificate");
  });

  it("exits 2 on bad input, naming the problem", async () => {
    const f = files();
    const run = async (args: string[]) => {
      const err: string[] = [];
      const code = await main(args, { stdout: () => undefined, stderr: (t) => err.push(t) });
      return { code, err: err.join("") };
    };
    expect(await run(["--plan", f.plan])).toEqual({ code: EXIT_BAD_INPUT, err: expect.stringContaining("give --outputs") });
    expect(await run(["--plan", f.plan, "--explain", "--workload", "nope"])).toEqual({ code: EXIT_BAD_INPUT, err: expect.stringContaining('"nope" is not in') });
    expect(await run(["--plan", f.plan, "--explain", "--flow", "magic"])).toEqual({ code: EXIT_BAD_INPUT, err: expect.stringContaining("use one of client-secret") });
    expect(await run(["--plan", path.join(f.dir, "missing.json"), "--explain"])).toEqual({ code: EXIT_BAD_INPUT, err: expect.stringContaining("no such file") });
    expect(await run(["--plan", f.plan, "--outputs", f.plan])).toEqual({ code: EXIT_BAD_INPUT, err: expect.stringContaining("not the output of `pulumi stack output --json`") });
    expect(await run(["--plan", f.plan, "--explain", "--rbac-wait-minutes", "ten"])).toEqual({ code: EXIT_BAD_INPUT, err: expect.stringContaining("--rbac-wait-minutes") });
    expect(await run(["--plan", f.plan, "--explain", "--bogus"])).toMatchObject({ code: EXIT_BAD_INPUT });
    expect(plan().workloads).toHaveLength(6);
  });
});
