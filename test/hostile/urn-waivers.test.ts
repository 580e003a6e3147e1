/**
 * Issue 12: "URN-form waivers match offline but not under the engine (the mock URN carries only the immediate parent
 * type)". The engine's URN carries the parent's whole qualified type and leaves the root stack out (pulumi/pulumi
 * sdk/go/common/resource/urn.go NewURN, pkg/resource/deploy/deployment.go generateURN); the Node SDK computes the same
 * with `createUrn` (@pulumi/pulumi@3.248.0:resource.js). Here every "engine" URN is built by that SDK function.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as authorization from "@pulumi/azure-native/authorization";
import * as pulumi from "@pulumi/pulumi";
import type { ResourceValidationArgs } from "@pulumi/policy";
import { MockMonitor, type Mocks } from "@pulumi/pulumi/runtime/mocks";
import { beforeAll, describe, expect, it } from "vitest";
import { expectFound, role } from "../../model/catalog";
import { roleAssignmentLogicalName } from "../../model/role-assignment-names";
import type { ViolationReport } from "../../policies/apply-waivers";
import { packWithWaivers } from "../../policies/pack";
import { allPolicies } from "../../policies/rules";
import { parseWaivers, type Waiver } from "../../policies/waivers";
import { diffPlans } from "../../preview/diff";
import type { PlanFile } from "../../preview/plan/plan-file";
import { unmatchedWaivers } from "../../preview/plan/unmatched-waivers";
import { evaluatePolicies, policyProps } from "../../preview/policy-evaluator";
import { CaptureMonitor } from "../../preview/runtime/capture-monitor";
import { installMonitor, settle } from "../../preview/runtime/run-program";
import { legacyMockUrn } from "../../model/urn";
import { runCommand } from "../support/cli";
import { chain, createdUrn, OPS_SCOPE, opsStackText, PROJECT, STACK, SUBSCRIPTION, TYPE, valueOf } from "./urn-support";
import { NOW as PROGRAM_NOW, runManifest } from "../support/program";

const NOW = PROGRAM_NOW;
const OPS_STACK = opsStackText("kv-urn-test");

const leaf = async (links: readonly (readonly [string, string])[]): Promise<string> => (await chain(links)).at(-1) ?? "";

const echo: Mocks = {
  newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs as Record<string, unknown> }),
  call: (args) => args.inputs as Record<string, unknown>,
};

/** The SDK's own mock URN (MockMonitor.newUrn, private): the form offline plans had before. */
function sdkMockUrn(monitor: CaptureMonitor, parent: string, type: string, name: string): string {
  const newUrn = Reflect.get(MockMonitor.prototype, "newUrn") as (this: MockMonitor, p: string, t: string, n: string) => string;
  return newUrn.call(monitor, parent, type, name);
}

const OWNER_PROPS = {
  principalId: "2bf66dfa-f81c-5c2e-b1a3-68c2a80ae09f", principalType: "ServicePrincipal",
  roleDefinitionId: `${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${expectFound(role("Owner")).id}`, scope: SUBSCRIPTION,
};

/** What a waiver file holds, for one `resource:` (URN) waiver. */
const waiverOf = (rule: string, resource: string): Waiver => ({ rule, resource, reason: "test", approvedBy: "security@contoso.com", expires: "2027-06-30" });
const waiverFile = (waivers: readonly Waiver[]): string =>
  `waivers:\n${waivers.map((w) => `  - rule: ${w.rule}\n    resource: "${w.resource ?? ""}"\n    reason: ${w.reason}\n    approvedBy: ${w.approvedBy}\n    expires: ${w.expires}\n`).join("")}`;

/**
 * The rule as the Pulumi engine runs it from policies/index.ts (packWithWaivers), on args as the engine builds them:
 * no workload and no workload resources (only the evaluator adds those), the type filter the engine applies.
 */
async function underEngine(rule: string, waivers: readonly Waiver[], resource: { urn: string; type: string; name: string; props: Record<string, unknown> }): Promise<(string | ViolationReport)[]> {
  const policy = packWithWaivers(waivers).find((p) => p.name === rule);
  if (!policy?.validateResource) throw new Error(`no rule ${rule}`);
  const props = policyProps(resource.props) as Record<string, unknown>;
  const isType = (cls: unknown) => (cls as { __pulumiType?: string } | undefined)?.__pulumiType === resource.type;
  const reports: (string | ViolationReport)[] = [];
  for (const validate of [policy.validateResource].flat()) {
    const only = (validate as { __pulumiType?: string }).__pulumiType;
    if (only !== undefined && only !== resource.type) continue;
    const args = {
      type: resource.type, name: resource.name, urn: resource.urn, props, opts: {}, stackTags: new Map(), now: NOW,
      isType, asType: (cls: unknown) => (isType(cls) ? props : undefined), getConfig: () => ({}),
      notApplicable: () => { throw new Error("not applicable"); },
    } as unknown as ResourceValidationArgs;
    await validate(args, (r: string | ViolationReport) => void reports.push(r));
  }
  return reports;
}

describe("offline URNs are the engine's (issue 12)", () => {
  it("every resource the real program registers has the URN createUrn gives for its parent, type and name", async () => {
    const run = await runManifest({
      keyVault: { name: "kv-urn-test", resourceGroupName: "rg-identity", create: true },
      defaults: { owners: ["6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"] },
      workloads: {
        ops: { credentials: [{ type: "secret", lifetimeDays: 90 }], roles: [{ role: "Owner", scope: OPS_SCOPE }] },
        reader: { credentials: [{ type: "certificate" }], apiPermissions: [{ api: "Microsoft Graph", application: ["User.Read.All"], adminConsent: true }] },
      },
    }, NOW, STACK);
    expect(run.failures).toEqual([]);
    const deep = run.resources.filter((r) => (r.urn.split("::")[2] ?? "").split("$").length >= 3);
    expect(deep.length).toBeGreaterThan(5); // resources two components deep: where the mock form differed
    for (const r of run.resources) expect(r.urn).toBe(await createdUrn(r.name, r.type, r.parent));
  }, 60_000);

  describe("for each depth, the root stack as parent included", () => {
    const cases: [string, (readonly [string, string])[]][] = [
      ["a resource whose parent is the stack", [[TYPE.roleAssignment, "top-ra"]]],
      ["a child of a top-level component", [[TYPE.workload, "one"], [TYPE.roleAssignment, "one-ra-0"]]],
      ["a resource two components deep", [[TYPE.workload, "two"], [TYPE.roleAssignments, "two-ra"], [TYPE.roleAssignment, "two-ra-0"]]],
      ["a resource three components deep", [[TYPE.workload, "three"], [TYPE.application, "three-app"], [TYPE.roleAssignments, "three-ra"], [TYPE.roleAssignment, "three-ra-0"]]],
    ];
    let monitor: CaptureMonitor;
    const registered = new Map<string, string>();

    beforeAll(async () => {
      monitor = new CaptureMonitor(echo);
      installMonitor(monitor, PROJECT, STACK);
      await Promise.resolve();
      // Under the engine every top-level resource's parent is the root stack resource (the SDK's runInPulumiStack).
      const stack = new pulumi.ComponentResource(TYPE.stack, `${PROJECT}-${STACK}`);
      for (const [, links] of cases) {
        let parent: pulumi.Resource = stack;
        for (const [type, name] of links) {
          parent = type === TYPE.roleAssignment
            ? new authorization.RoleAssignment(name, OWNER_PROPS, { parent })
            : new pulumi.ComponentResource(type, name, {}, { parent });
        }
        registered.set(links.at(-1)?.[1] ?? "", await valueOf(parent.urn));
      }
      await settle(monitor);
    });

    it.each(cases)("%s: the monitor gives createUrn's URN", async (_what, links) => {
      expect(registered.get(links.at(-1)?.[1] ?? "")).toBe(await leaf(links));
    });

    it.each(cases)("%s: a waiver naming that URN holds offline (the plan's evaluator) and under the engine", async (_what, links) => {
      const urn = await leaf(links);
      const name = links.at(-1)?.[1] ?? "";
      const captured = monitor.captured.find((r) => r.name === name);
      if (!captured) throw new Error(`${name} was not registered`);
      const waivers = [waiverOf("privileged-role-assignment", urn)];
      const offline = evaluatePolicies([{ urn: captured.urn, type: captured.type, name, props: policyProps(captured.inputs) as Record<string, unknown>, parent: captured.parent }], {
        now: NOW, waivers, policies: allPolicies.filter((p) => p.name === "privileged-role-assignment"),
      });
      expect(offline).toEqual([expect.objectContaining({ enforcement: "advisory", waiver: `privileged-role-assignment:${urn}` })]);
      const engine = await underEngine("privileged-role-assignment", waivers, { urn, type: TYPE.roleAssignment, name, props: OWNER_PROPS });
      expect(engine).toEqual([expect.objectContaining({ enforcementLevel: "advisory", waiver: `privileged-role-assignment:${urn}` })]);
      // Without the waiver both report it as mandatory: the waiver is what changed the outcome.
      expect(evaluatePolicies([{ urn: captured.urn, type: captured.type, name, props: policyProps(captured.inputs) as Record<string, unknown> }], { now: NOW, policies: allPolicies.filter((p) => p.name === "privileged-role-assignment") }))
        .toEqual([expect.objectContaining({ enforcement: "mandatory" })]);
    });

    it.each(cases.slice(1))("%s: legacyMockUrn is the form the SDK's MockMonitor gave offline (no stack resource there)", async (_what, links) => {
      let engine: string | undefined;
      let mock = "";
      for (const [type, name] of links) {
        mock = sdkMockUrn(monitor, mock, type, name);
        engine = await createdUrn(name, type, engine);
      }
      expect(legacyMockUrn(engine ?? "")).toBe(mock);
    });
  });
});

describe("a URN-form waiver copied from plan.json holds in `npm run plan` and under the engine (issue 12)", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "hostile-urn-waivers-"));
  const stackFile = path.join(dir, `Pulumi.${STACK}.yaml`);
  writeFileSync(stackFile, OPS_STACK);
  const raName = roleAssignmentLogicalName("ops-ra", { role: expectFound(role("Owner")), scope: OPS_SCOPE });
  const targets = [
    { what: "a privileged role assignment, two components deep", rule: "privileged-role-assignment", type: TYPE.roleAssignment, name: raName, links: [[TYPE.workload, "ops"], [TYPE.roleAssignments, "ops-ra"], [TYPE.roleAssignment, raName]] },
    { what: "a long-lived secret (blue), two components deep", rule: "secret-lifetime", type: TYPE.password, name: "ops-secret-blue", links: [[TYPE.workload, "ops"], [TYPE.clientSecret, "ops-secret"], [TYPE.password, "ops-secret-blue"]] },
    { what: "a long-lived secret (green), two components deep", rule: "secret-lifetime", type: TYPE.password, name: "ops-secret-green", links: [[TYPE.workload, "ops"], [TYPE.clientSecret, "ops-secret"], [TYPE.password, "ops-secret-green"]] },
    { what: "the vault, child of a top-level component", rule: "key-vault-network", type: TYPE.vault, name: "key-vault-vault", links: [[TYPE.vaultComponent, "key-vault"], [TYPE.vault, "key-vault-vault"]] },
  ] as const;
  let plan: PlanFile;
  let stderr = "";
  let code = -1;
  const urns = new Map<string, string>();
  const waivers: Waiver[] = [];

  beforeAll(async () => {
    for (const t of targets) {
      const urn = await leaf(t.links);
      urns.set(t.name, urn);
      waivers.push(waiverOf(t.rule, urn));
    }
    const file = path.join(dir, "waivers.yaml");
    writeFileSync(file, waiverFile(waivers));
    expect(parseWaivers(readFileSync(file, "utf8"))).toEqual(waivers);
    const out = path.join(dir, "out");
    ({ code, stderr } = await runCommand("plan", ["--stack-file", stackFile, "--now", "2026-11-23", "--waivers", file, "--out", out]));
    plan = JSON.parse(readFileSync(path.join(out, "plan.json"), "utf8")) as PlanFile;
  }, 120_000);

  it("plans with exit 0 (every mandatory finding waived) and no warning about the waivers", () => {
    expect(code, stderr).toBe(0);
    expect(stderr).not.toContain("waivers[");
  });

  it.each(targets)("$what: offline, the finding is an advisory note naming the waiver", (t) => {
    const urn = urns.get(t.name) ?? "";
    expect(plan.resources.find((r) => r.name === t.name)?.urn).toBe(urn);
    expect(plan.violations.filter((v) => v.policy === t.rule && v.urn === urn))
      .toEqual([expect.objectContaining({ enforcement: "advisory", waiver: `${t.rule}:${urn}` })]);
  });

  it.each(targets)("$what: under the engine, the same waiver turns the rule's finding into an advisory note", async (t) => {
    const urn = urns.get(t.name) ?? "";
    const resource = plan.resources.find((r) => r.name === t.name);
    if (!resource) throw new Error(`${t.name} not planned`);
    const reports = await underEngine(t.rule, waivers, { urn, type: t.type, name: t.name, props: resource.inputs });
    expect(reports).toEqual([expect.objectContaining({ enforcementLevel: "advisory", waiver: `${t.rule}:${urn}` })]);
    // …and the waiver is what did it: without it the engine reports the finding unwaived.
    const bare = await underEngine(t.rule, [], { urn, type: t.type, name: t.name, props: resource.inputs });
    expect(bare).toHaveLength(1);
    expect(JSON.stringify(bare)).not.toContain("Waived by");
  });
});

describe("a waiver in the old offline URN form is reported with the engine's URN it meant (issue 12)", () => {
  const STACK_FILE = path.join(mkdtempSync(path.join(tmpdir(), "hostile-urn-old-")), `Pulumi.${STACK}.yaml`);
  const raName = roleAssignmentLogicalName("ops-ra", { role: expectFound(role("Owner")), scope: OPS_SCOPE });
  const olds = [
    { rule: "privileged-role-assignment", name: raName, links: [[TYPE.workload, "ops"], [TYPE.roleAssignments, "ops-ra"], [TYPE.roleAssignment, raName]] },
    { rule: "secret-lifetime", name: "ops-secret-blue", links: [[TYPE.workload, "ops"], [TYPE.clientSecret, "ops-secret"], [TYPE.password, "ops-secret-blue"]] },
    { rule: "application-owners", name: "ops-app", links: [[TYPE.workload, "ops"], [TYPE.application, "ops"], [TYPE.app, "ops-app"]] },
  ] as const;
  let result: { code: number; stdout: string; stderr: string };
  let plan: PlanFile;
  const oldForm = new Map<string, string>();
  const newForm = new Map<string, string>();

  beforeAll(async () => {
    writeFileSync(STACK_FILE, OPS_STACK);
    // The old form exactly as the SDK's MockMonitor made it (only the immediate parent's last type).
    const monitor = new CaptureMonitor(echo);
    installMonitor(monitor, PROJECT, STACK);
    for (const o of olds) {
      let mock = "";
      for (const [type, name] of o.links) mock = sdkMockUrn(monitor, mock, type, name);
      oldForm.set(o.name, mock);
      newForm.set(o.name, await leaf(o.links));
    }
    const dir = path.dirname(STACK_FILE);
    const file = path.join(dir, "waivers.yaml");
    writeFileSync(file, waiverFile(olds.map((o) => waiverOf(o.rule, oldForm.get(o.name) ?? ""))));
    result = await runCommand("plan", ["--stack-file", STACK_FILE, "--now", "2026-11-23", "--waivers", file, "--out", path.join(dir, "out")]);
    plan = JSON.parse(readFileSync(path.join(dir, "out", "plan.json"), "utf8")) as PlanFile;
  }, 120_000);

  it("is not matched: the findings stay mandatory (the engine never matched it either), exit 1", () => {
    expect(result.code, result.stderr).toBe(1);
    expect(plan.violations.filter((v) => v.waiver !== undefined)).toEqual([]);
    expect(plan.violations).toContainEqual(expect.objectContaining({ policy: "privileged-role-assignment", enforcement: "mandatory", urn: newForm.get(raName) }));
  });

  it.each(olds.map((o, i) => [o.name, i] as const))("%s: a warning names the old URN and the engine's URN to write instead", (name, i) => {
    const old = oldForm.get(name) ?? "";
    expect(old).not.toBe(newForm.get(name));
    const line = result.stderr.split("\n").find((l) => l.startsWith(`plan: warning: waivers[${i}] `)) ?? "";
    expect(line).toContain(`names resource "${old}"`);
    expect(line).toContain("waives nothing");
    expect(line).toContain(`write the engine's URN "${newForm.get(name) ?? ""}"`);
    expect(line).toContain(`or the logical name "${name}"`);
  });

  it("the same resource's engine URN with a misspelt type is pointed at the right one; a URN of another stack is told to limit stacks:", () => {
    const urn = newForm.get(raName) ?? "";
    const typo = urn.replace("RoleAssignments$", "RoleAssignmnts$");
    const prod = urn.replace(`urn:pulumi:${STACK}::`, "urn:pulumi:prod::");
    const lines = unmatchedWaivers([waiverOf("privileged-role-assignment", typo), waiverOf("privileged-role-assignment", prod), waiverOf("privileged-role-assignment", urn)], plan);
    expect(lines).toEqual([
      expect.stringContaining(`did you mean "${urn}"`),
      expect.stringContaining("a URN of stack prod, which no plan of stack edge holds; limit the waiver with stacks: [prod]"),
    ]);
  });

  it("diff of a plan in the old URN form against the same plan in the engine's form shows no finding changed", () => {
    const old = (urn: string) => legacyMockUrn(urn);
    const base: PlanFile = {
      ...plan,
      resources: plan.resources.map((r) => ({ ...r, urn: old(r.urn), ...(r.parent === undefined ? {} : { parent: old(r.parent) }), dependsOn: r.dependsOn.map(old) })),
      violations: plan.violations.map((v) => ({ ...v, urn: old(v.urn) })),
    };
    // The old form really differs for the findings two components deep (the role assignment, the secrets).
    expect(base.violations.filter((v, i) => v.urn !== plan.violations[i]?.urn).length).toBeGreaterThanOrEqual(3);
    expect(diffPlans(base, plan).changes).toEqual([]);
    // A finding really gone is still one removal, under its resource's name.
    const fewer: PlanFile = { ...plan, violations: plan.violations.filter((v) => v.policy !== "privileged-role-assignment") };
    const changes = diffPlans(base, fewer).changes;
    expect(changes).toEqual([expect.objectContaining({ kind: "violation", change: "removed", item: `privileged-role-assignment on ${raName}` })]);
  });
});
