/**
 * Issue 12, fourth pass: URN-form waivers of every depth, copied from plan.json and then carelessly edited, judged the
 * same way by `npm run plan` (the offline evaluator) and by the policy pack as the Pulumi engine runs it
 * (packWithWaivers, on args whose urn comes from the SDK's createUrn). A waiver that can match nothing is said so.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { ResourceValidationArgs } from "@pulumi/policy";
import { beforeAll, describe, expect, it } from "vitest";
import type { ViolationReport } from "../../../policies/apply-waivers";
import { packWithWaivers } from "../../../policies/pack";
import { allPolicies } from "../../../policies/rules";
import { parseWaivers, type Waiver } from "../../../policies/waivers";
import type { PlanFile } from "../../../preview/plan/plan-file";
import { unmatchedWaivers } from "../../../preview/plan/unmatched-waivers";
import { evaluatePolicies, policyProps } from "../../../preview/policy-evaluator";
import { runCommand } from "../../support/cli";
import { chain, opsStackText, PROJECT, STACK, TYPE } from "../urn-support";

const NOW = new Date("2026-11-23T00:00:00Z");
const STACK_TEXT = opsStackText("kv-urn-four");
const T = TYPE;

/** The engine's URN of the last link, parents from the root stack down, by the SDK's createUrn. */
async function engineUrn(links: readonly (readonly [string, string])[], stack = STACK, project = PROJECT): Promise<string> {
  return (await chain(links, stack, project)).at(-1) ?? "";
}

const waiver = (rule: string, resource: string, extra: Partial<Waiver> = {}): Waiver =>
  ({ rule, resource, reason: "reviewed", approvedBy: "security@contoso.com", expires: "2027-06-30", ...extra });
const yamlOf = (ws: readonly Waiver[]): string => `waivers:\n${ws.map((w) => [
  `  - rule: ${w.rule}`, `    resource: "${w.resource ?? ""}"`, ...(w.stacks ? [`    stacks: [${w.stacks.join(", ")}]`] : []),
  `    reason: ${w.reason}`, `    approvedBy: ${w.approvedBy}`, `    expires: ${w.expires}`,
].join("\n")).join("\n")}\n`;

/** The rule under the engine: packWithWaivers, engine-style args (no workload), the engine's type filter. */
async function underEngine(rule: string, waivers: readonly Waiver[], r: { urn: string; type: string; name: string; props: Record<string, unknown> }): Promise<ViolationReport[]> {
  const policy = packWithWaivers(waivers).find((p) => p.name === rule);
  if (!policy?.validateResource) throw new Error(`no rule ${rule}`);
  const props = policyProps(r.props) as Record<string, unknown>;
  const isType = (cls: unknown) => (cls as { __pulumiType?: string } | undefined)?.__pulumiType === r.type;
  const reports: ViolationReport[] = [];
  for (const validate of [policy.validateResource].flat()) {
    const only = (validate as { __pulumiType?: string }).__pulumiType;
    if (only !== undefined && only !== r.type) continue;
    const args = {
      type: r.type, name: r.name, urn: r.urn, props, opts: {}, stackTags: new Map(), now: NOW, isType,
      asType: (cls: unknown) => (isType(cls) ? props : undefined), getConfig: () => ({}), notApplicable: () => { throw new Error("n/a"); },
    } as unknown as ResourceValidationArgs;
    await validate(args, (x: string | ViolationReport) => void reports.push(typeof x === "string" ? { message: x } : x));
  }
  return reports;
}

const dir = mkdtempSync(path.join(tmpdir(), "hostile4-urn-"));
const stackFile = path.join(dir, `Pulumi.${STACK}.yaml`);
writeFileSync(stackFile, STACK_TEXT);

describe("URN-form waivers, offline and under the engine alike (issue 12, fourth pass)", () => {
  let plan: PlanFile;
  let raUrn = "";
  let blueUrn = "";
  let raName = "";
  beforeAll(async () => {
    const result = await runCommand("plan", ["--stack-file", stackFile, "--now", "2026-11-23", "--out", path.join(dir, "bare")]);
    expect(result.code, result.stderr).toBe(1);
    plan = JSON.parse(readFileSync(path.join(dir, "bare", "plan.json"), "utf8")) as PlanFile;
    raName = plan.resources.find((r) => r.type === T.roleAssignment)?.name ?? "";
    raUrn = await engineUrn([[T.workload, "ops"], [T.roleAssignments, "ops-ra"], [T.roleAssignment, raName]]);
    blueUrn = await engineUrn([[T.workload, "ops"], [T.clientSecret, "ops-secret"], [T.password, "ops-secret-blue"]]);
  }, 60_000);

  /** What the offline evaluator (as `npm run plan` runs it) and the engine report for the rule on one resource. */
  async function both(rule: string, urn: string, waivers: readonly Waiver[]) {
    const r = plan.resources.find((x) => x.urn === urn);
    if (!r) throw new Error(`${urn} is not in the plan`);
    const offline = evaluatePolicies([{ urn: r.urn, type: r.type, name: r.name, props: r.inputs, parent: r.parent, workload: "ops" }], {
      now: NOW, waivers, policies: allPolicies.filter((p) => p.name === rule),
    }).map((v) => v.enforcement).sort();
    const engine = (await underEngine(rule, waivers, { urn, type: r.type, name: r.name, props: r.inputs }))
      .map((v) => v.enforcementLevel ?? "mandatory").sort();
    return { offline, engine };
  }

  const cases: [string, (u: { ra: string; blue: string }) => { rule: string; target: "ra" | "blue"; waivers: Waiver[] }, string[]][] = [
    ["the URN as plan.json shows it, two components deep", (u) => ({ rule: "privileged-role-assignment", target: "ra", waivers: [waiver("privileged-role-assignment", u.ra)] }), ["advisory"]],
    ["the URN with trailing spaces", (u) => ({ rule: "privileged-role-assignment", target: "ra", waivers: [waiver("privileged-role-assignment", `${u.ra}   `)] }), ["advisory"]],
    ["the URN with stacks: [edge]", (u) => ({ rule: "secret-lifetime", target: "blue", waivers: [waiver("secret-lifetime", u.blue, { stacks: [STACK] })] }), ["advisory"]],
    ["the URN, expired", (u) => ({ rule: "privileged-role-assignment", target: "ra", waivers: [waiver("privileged-role-assignment", u.ra, { expires: "2026-11-22" })] }), ["mandatory", "mandatory"]],
    ["the URN of another project", (u) => ({ rule: "privileged-role-assignment", target: "ra", waivers: [waiver("privileged-role-assignment", u.ra.replace("::entra-workloads::", "::other-project::"))] }), ["mandatory"]],
    ["the URN of another stack, limited to it", (u) => ({ rule: "privileged-role-assignment", target: "ra", waivers: [waiver("privileged-role-assignment", u.ra.replace("urn:pulumi:edge::", "urn:pulumi:prod::"), { stacks: ["prod"] })] }), ["mandatory"]],
    ["a $ path of the wrong parent chain", (u) => ({ rule: "privileged-role-assignment", target: "ra", waivers: [waiver("privileged-role-assignment", u.ra.replace("Workload$entra-workloads:index:RoleAssignments$", "Workload$"))] }), ["mandatory"]],
    ["the root stack's type written into the chain", (u) => ({ rule: "secret-lifetime", target: "blue", waivers: [waiver("secret-lifetime", u.blue.replace("::entra-workloads:index:Workload$", "::pulumi:pulumi:Stack$entra-workloads:index:Workload$"))] }), ["mandatory"]],
    ["the old mock form (only the immediate parent's type)", (u) => ({ rule: "secret-lifetime", target: "blue", waivers: [waiver("secret-lifetime", u.blue.replace("entra-workloads:index:Workload$", ""))] }), ["mandatory"]],
  ];

  it.each(cases)("%s: npm run plan and the engine agree", async (_what, make, expected) => {
    const c = make({ ra: raUrn, blue: blueUrn });
    // Through the waiver file's own reader, as plan and the pack read it.
    const waivers = parseWaivers(yamlOf(c.waivers));
    const { offline, engine } = await both(c.rule, c.target === "ra" ? raUrn : blueUrn, waivers);
    expect(offline).toEqual(expected);
    expect(engine).toEqual(offline);
  });

  it("a URN-form waiver limited to stacks that leave out the URN's own stack is exit 2 naming waivers[i].stacks, nothing written", async () => {
    const file = path.join(dir, "contradiction.yaml");
    writeFileSync(file, yamlOf([
      waiver("privileged-role-assignment", raUrn, { stacks: ["prod"] }),
      waiver("secret-lifetime", blueUrn.replace("urn:pulumi:edge::", "urn:pulumi:prod::"), { stacks: ["edge", "test"] }),
      waiver("secret-lifetime", blueUrn, { stacks: ["prod", STACK] }),
    ]));
    const out = path.join(dir, "contradiction-out");
    const result = await runCommand("plan", ["--stack-file", stackFile, "--now", "2026-11-23", "--waivers", file, "--out", out]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain("waivers[0].stacks: [prod] leaves out stack edge");
    expect(result.stderr).toContain("waivers[1].stacks: [edge, test] leaves out stack prod");
    expect(result.stderr).not.toContain("waivers[2]");
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(existsSync(out)).toBe(false);
  });

  it("plan warns about a URN of another project and a URN (or logical name) whose rule finds nothing on that resource", () => {
    const lines = unmatchedWaivers([
      waiver("privileged-role-assignment", raUrn.replace("::entra-workloads::", "::other-project::")),
      waiver("privileged-role-assignment", blueUrn),
      waiver("secret-lifetime", raName),
      waiver("secret-lifetime", blueUrn),
      waiver("privileged-role-assignment", raUrn),
    ], plan);
    expect(lines).toEqual([
      expect.stringContaining("a URN of project other-project, not of this project (entra-workloads)"),
      expect.stringMatching(/^waivers\[1\] .*on which privileged-role-assignment finds nothing in stack edge \(the rules finding something on it are .*secret-lifetime/),
      expect.stringMatching(/^waivers\[2\] .*names resource "ops-ra-owner-[0-9a-f]+", on which secret-lifetime finds nothing .*privileged-role-assignment/),
    ]);
  });
});
