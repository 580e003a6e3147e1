/**
 * Issue 12, fourth pass: every command that reads a plan keeps its promises above 125 workloads (plans there are
 * sharded): a 300-workload stack planned once, then diff (against itself, against a plan with one workload changed,
 * against another stack's plan), expiry, verify --explain and drift (a snapshot made from the plan, as test/adopt
 * does) — each with the documented exit code, every problem at once, nothing written on exit 2, no stack trace and no
 * Pulumi SDK text; and each costs about linear time (300 vs 1,200 workloads: well under a minute, under 8x for 4x).
 * A hand-edited plan's problems are all named, in our wording (path: what is wrong; what belongs there), never zod's.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateStack } from "../../../bench/generate";
import type { PlanFile } from "../../../preview/plan/plan-file";
import { parsePlan } from "../../../preview/plan/plan-file";
import { runCommand, type CliResult } from "../../support/cli";
import { ROOT } from "../../support/program";

const dir = mkdtempSync(path.join(tmpdir(), "hostile4-large-"));
const file = (name: string, data: unknown): string => {
  const at = path.join(dir, name);
  writeFileSync(at, typeof data === "string" ? data : JSON.stringify(data));
  return at;
};
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** Nothing a user should see from a command that keeps its promises. */
function clean(result: CliResult): void {
  const all = result.stdout + result.stderr;
  expect(all).not.toMatch(/at .*\.[jt]s:\d+|Invalid input|promises were still active|@pulumi\/pulumi|RunError|ZodError/);
}

/** The plan with its workloads copied `times` times under other names (wl-0… → wl-1…, wl-2…): a bigger stack. */
function scaled(plan: PlanFile, times: number): PlanFile {
  const out = clone(plan);
  for (let copy = 1; copy < times; copy++) {
    const other = JSON.parse(JSON.stringify({ r: plan.resources, w: plan.workloads, v: plan.violations }).replace(/wl-0/g, `wl-${copy}`)) as { r: PlanFile["resources"]; w: PlanFile["workloads"]; v: PlanFile["violations"] };
    out.resources.push(...other.r);
    out.workloads.push(...other.w);
    out.violations.push(...other.v);
  }
  return out;
}

/** A tenant snapshot holding each application workload of the plan (the fixture's application, renamed). */
function snapshotOf(plan: PlanFile): unknown {
  const fixture = JSON.parse(readFileSync(path.join(ROOT, "test", "fixtures", "tenant", "snapshot.json"), "utf8")) as { applications: Record<string, unknown>[]; servicePrincipals: Record<string, unknown>[] };
  const [app] = fixture.applications;
  const [sp] = fixture.servicePrincipals;
  const apps = plan.workloads.filter((w) => w.kind === "application");
  return {
    ...fixture,
    applications: apps.map((w) => ({ ...app, id: w.audit?.simulatedIds.applicationObjectId, appId: w.audit?.simulatedIds.clientId, displayName: w.audit?.displayName })),
    servicePrincipals: [...fixture.servicePrincipals, ...apps.map((w) => ({ ...sp, id: w.audit?.simulatedIds.servicePrincipalObjectId, appId: w.audit?.simulatedIds.clientId, displayName: w.audit?.displayName }))],
  };
}

let plan: PlanFile;
let planFile = "";
let bigFile = "";
let snapshot300 = "";
let snapshotBig = "";

beforeAll(async () => {
  const stackFile = file("Pulumi.big.yaml", generateStack(300));
  const result = await runCommand("plan", ["--stack-file", stackFile, "--now", "2026-11-23", "--out", path.join(dir, "plan")]);
  expect(result.code, result.stderr).toBe(1); // the generated stack has mandatory findings; the plan is written
  planFile = path.join(dir, "plan", "plan.json");
  plan = JSON.parse(readFileSync(planFile, "utf8")) as PlanFile;
  expect(plan.workloads).toHaveLength(300);
  const big = scaled(plan, 4);
  bigFile = file("big.json", big);
  snapshot300 = file("snapshot-300.json", snapshotOf(plan));
  snapshotBig = file("snapshot-big.json", snapshotOf(big));
}, 120_000);

describe("commands on a 300-workload (sharded) plan keep their promises (issue 12, fourth pass)", () => {
  it("diff against itself: exit 0, nothing changed", async () => {
    const result = await runCommand("diff", [planFile, planFile]);
    expect(result.code, result.stderr).toBe(0);
    clean(result);
  });

  it("diff against a plan with one workload given Owner: the escalation, exit 3 with --fail-on-escalation", async () => {
    const head = clone(plan);
    const w = head.workloads[150];
    w.roleAssignments.push({ role: "Owner", roleDefinitionId: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", scope: "/subscriptions/00000000-0000-0000-0000-000000000000", privileged: true });
    const result = await runCommand("diff", [planFile, file("one-changed.json", head), "--fail-on-escalation"]);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stdout + result.stderr).toContain(w.name);
    clean(result);
  });

  it("diff against another stack's plan: exit 2 naming both stacks, --out not written", async () => {
    const other = file("other-stack.json", { ...plan, stack: "big-prod" });
    const out = path.join(dir, "diff-other.md");
    const result = await runCommand("diff", [planFile, other, "--out", out]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/big.*big-prod|big-prod.*big/);
    expect(existsSync(out)).toBe(false);
    clean(result);
  });

  it("expiry: exit 0 within 30 days, 4 within 800; a hand-edited plan exit 2 with every problem, --out not written", async () => {
    const quiet = await runCommand("expiry", ["--plan", planFile, "--now", "2026-11-23"]);
    expect(quiet.code, quiet.stderr).toBe(0);
    const soon = await runCommand("expiry", ["--plan", planFile, "--now", "2026-11-23", "--within-days", "800"]);
    expect(soon.code, soon.stderr).toBe(4);
    const edited = clone(plan) as unknown as { workloads: Record<string, unknown>[]; violations: Record<string, unknown>[] };
    delete edited.workloads[10].name;
    edited.workloads[250].kind = "robot";
    edited.violations[0].enforcement = "MANDATORY";
    const out = path.join(dir, "expiry.md");
    const bad = await runCommand("expiry", ["--plan", file("edited.json", edited), "--now", "2026-11-23", "--out", out]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("(3 problems)");
    expect(bad.stderr).toContain("workloads[10].name: is missing; it must be the workload's name as text");
    expect(bad.stderr).toContain('workloads[250].kind: is "robot"; it must be one of "application", "managedIdentity"');
    expect(bad.stderr).toContain('violations[0].enforcement: is "MANDATORY"; it must be one of "mandatory", "advisory"');
    expect(existsSync(out)).toBe(false);
    clean(bad);
    clean(soon);
  });

  it("verify --explain: exit 0 and every workload explained; a plan whose stack is missing: exit 2, --json not written", async () => {
    const json = path.join(dir, "verify.json");
    const result = await runCommand("verify", ["--plan", planFile, "--explain", "--json", json]);
    expect(result.code, result.stderr).toBe(0);
    expect((JSON.parse(readFileSync(json, "utf8")) as { workloads: unknown[] }).workloads).toHaveLength(300);
    const { stack: _stack, ...stackless } = plan;
    const json2 = path.join(dir, "verify2.json");
    const bad = await runCommand("verify", ["--plan", file("stackless.json", stackless), "--explain", "--json", json2]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("stack: is missing; it must be the stack's name as text");
    expect(bad.stderr).toContain("npm run plan -- --stack <stack> --now 2026-11-23T00:00:00.000Z");
    expect(existsSync(json2)).toBe(false);
    clean(result);
    clean(bad);
  });

  it("drift against a snapshot: the documented exit 5 (drift found), the JSON written; a plan of other fields: exit 2, nothing written", async () => {
    const json = path.join(dir, "drift.json");
    const result = await runCommand("drift", ["--snapshot", snapshot300, "--plan", planFile, "--now", "2026-11-23", "--json", json]);
    expect(result.code, result.stderr).toBe(5);
    expect(existsSync(json)).toBe(true);
    clean(result);
    const json2 = path.join(dir, "drift2.json");
    const bad = await runCommand("drift", ["--snapshot", snapshot300, "--plan", file("bad-summary.json", { ...plan, summary: [] }), "--json", json2]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("summary: is a list; it must be a map of fields (resources, byType, criticalPath)");
    expect(existsSync(json2)).toBe(false);
    clean(bad);
  });
});

describe("output cost stays linear: 300 against 1,200 workloads (issue 12, fourth pass)", () => {
  const commands: [string, (plan: string, snapshot: string) => [string, string[]]][] = [
    ["diff", (p) => ["diff", [p, p, "--allow-different-stacks", "--with-findings", "--out", path.join(dir, `d-${path.basename(p)}.md`)]]],
    ["expiry", (p) => ["expiry", ["--plan", p, "--now", "2026-11-23", "--within-days", "800", "--out", path.join(dir, `e-${path.basename(p)}.md`)]]],
    ["verify --explain", (p) => ["verify", ["--plan", p, "--explain", "--json", path.join(dir, `v-${path.basename(p)}.json`)]]],
    ["drift", (p, s) => ["drift", ["--snapshot", s, "--plan", p, "--now", "2026-11-23", "--out", path.join(dir, `dr-${path.basename(p)}.md`)]]],
  ];
  it.each(commands)("%s", async (_what, args) => {
    const times: number[] = [];
    for (const [p, s] of [[planFile, snapshot300], [bigFile, snapshotBig]] as const) {
      const [command, argv] = args(p, s);
      const started = performance.now();
      const result = await runCommand(command, argv);
      times.push(performance.now() - started);
      expect([0, 4, 5], result.stderr).toContain(result.code);
      clean(result);
    }
    expect(times[1], `300: ${Math.round(times[0])} ms, 1,200: ${Math.round(times[1])} ms`).toBeLessThan(60_000);
    expect(times[1]).toBeLessThan(Math.max(times[0], 200) * 8);
  }, 130_000);
});

describe("a hand-edited plan's problems read like our others (issue 12, fourth pass)", () => {
  const base = () => clone(plan) as unknown as Record<string, unknown> & { workloads: Record<string, unknown>[]; resources: Record<string, unknown>[] };
  const cases: [string, (p: ReturnType<typeof base>) => void, string[]][] = [
    ["stack missing", (p) => { delete p.stack; }, ["stack: is missing; it must be the stack's name as text"]],
    ["stack a number", (p) => { p.stack = 5; }, ["stack: is a number; it must be the stack's name as text"]],
    ["project missing and generatedAt not a date", (p) => { delete p.project; p.generatedAt = "yesterday"; }, ["project: is missing; it must be the Pulumi project's name as text", "generatedAt: is not an ISO-8601 date"]],
    ["resources a map", (p) => { (p as Record<string, unknown>).resources = {}; }, ["resources: is a map of fields; it must be a list of the resources planned"]],
    ["a resource without urn, a workload null", (p) => { delete p.resources[3].urn; p.workloads[0] = null as unknown as Record<string, unknown>; }, ["resources[3].urn: is missing; it must be the resource's URN as text", "workloads[0]: is null; it must be a map of fields"]],
  ];
  it.each(cases)("%s", (_what, edit, lines) => {
    const p = base();
    edit(p);
    let message = "";
    try {
      parsePlan(p, "plan.json");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^plan\.json: not a plan\.json written by `npm run plan` /);
    for (const line of lines) expect(message).toContain(line);
    expect(message).toContain("instead of editing it by hand");
    expect(message).not.toMatch(/Invalid input|expected string|received/);
  });

  it("thousands of problems: the first 20 listed and how many more", () => {
    const p = base();
    for (const w of p.workloads) delete w.name;
    let message = "";
    try { parsePlan(p, "plan.json"); } catch (error) { message = (error as Error).message; }
    expect(message).toContain("(300 problems)");
    expect(message.split("\n").filter((l) => l.startsWith("  workloads[")).length).toBe(20);
    expect(message).toContain("… and 280 more");
  });
});
