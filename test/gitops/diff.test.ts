import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../preview/cli/commands/diff";
import { diffPlans, escapeCell, type AccessDiff, type Change } from "../../preview/diff";
import { baselineWorkloads, plan, RG_MON, scenarioPlans, tempDir, violation, writeJson, writeScenario, type ScenarioName } from "./fixtures";
import { runChild, runInProcess } from "./run";

/** Runs the CLI in-process on a scenario with `--json`; returns the exit code, output and parsed JSON. */
function diffScenario(name: ScenarioName, ...flags: string[]) {
  const files = writeScenario(name);
  const jsonPath = join(files.dir, "diff.json");
  const result = runInProcess(main, [files.base, files.head, "--json", jsonPath, ...flags]);
  const json = JSON.parse(readFileSync(jsonPath, "utf8")) as AccessDiff;
  return { ...result, json };
}

const brief = (c: Change) => ({ workload: c.workload, change: c.change, kind: c.kind, item: c.item, escalation: c.escalation });

describe("npm run diff: changes between two plans", () => {
  it("reports an added workload as one workload change plus one per permission, role and credential, escalating", () => {
    const { json, code } = diffScenario("workload-added");
    expect(code).toBe(0);
    expect(json.changes.filter((c) => c.workload === "mail-sender").map(brief)).toEqual([
      { workload: "mail-sender", change: "added", kind: "workload", item: "mail-sender", escalation: true },
      { workload: "mail-sender", change: "added", kind: "apiPermission", item: "Microsoft Graph Mail.Send (application)", escalation: true },
      { workload: "mail-sender", change: "added", kind: "roleAssignment", item: `Reader @ ${RG_MON}`, escalation: true },
      { workload: "mail-sender", change: "added", kind: "credential", item: "secret mail-sender-secret-blue", escalation: false },
      { workload: "mail-sender", change: "added", kind: "credential", item: "secret mail-sender-secret-green", escalation: false },
    ]);
    expect(json.summary).toEqual({ added: 1, removed: 0, changed: 0, escalations: 3 });
  });

  it("reports a removed workload as exactly one change, never an escalation", () => {
    const { json } = diffScenario("workload-removed");
    expect(json.changes.map(brief)).toEqual([{ workload: "law-reader", change: "removed", kind: "workload", item: "law-reader", escalation: false }]);
    expect(json.changes[0]?.before).toMatchObject({ kind: "application", counts: { roleAssignments: 1, credentials: 2 } });
    expect(json.summary).toEqual({ added: 0, removed: 1, changed: 0, escalations: 0 });
  });

  it("flags a new role assignment as an escalation", () => {
    const { json } = diffScenario("role-added");
    expect(json.changes.map(brief)).toEqual([
      { workload: "metering", change: "added", kind: "roleAssignment", item: `Monitoring Metrics Publisher @ ${RG_MON}`, escalation: true },
    ]);
    expect(json.changes[0]?.after).toMatchObject({ role: "Monitoring Metrics Publisher", scope: RG_MON, privileged: false });
  });

  it("flags the same role moved to a broader scope, and not to a narrower one", () => {
    const broader = diffScenario("scope-broadened").json.changes;
    expect(broader.map(brief)).toEqual([{ workload: "law-reader", change: "changed", kind: "roleAssignment", item: `Log Analytics Reader @ ${RG_MON}`, escalation: true }]);
    expect(broader[0]?.before).toMatchObject({ scope: expect.stringContaining("/workspaces/law-prod") });
    const narrower = diffScenario("scope-narrowed").json.changes;
    expect(narrower.map((c) => [c.change, c.kind, c.escalation])).toEqual([["changed", "roleAssignment", false]]);
  });

  it("reports a removed permission without escalation", () => {
    const { json, code } = diffScenario("permission-removed", "--fail-on-escalation");
    expect(json.changes.map(brief)).toEqual([
      { workload: "graph-daemon", change: "removed", kind: "apiPermission", item: "Microsoft Graph User.Read.All (application)", escalation: false },
    ]);
    expect(code).toBe(0);
  });

  it("flags admin consent turned on as an escalation, with the consent state before and after", () => {
    const { json } = diffScenario("consent-turned-on");
    const consent = json.changes.find((c) => c.kind === "apiPermission");
    expect(consent && brief(consent)).toEqual({
      workload: "graph-daemon",
      change: "changed",
      kind: "apiPermission",
      item: "Microsoft Graph User.Read.All (application)",
      escalation: true,
    });
    expect(consent?.before).toMatchObject({ adminConsent: false });
    expect(consent?.after).toMatchObject({ adminConsent: true });
    // The consent URL going away is a workload change, not an escalation of its own.
    expect(json.changes.filter((c) => c.escalation)).toHaveLength(1);
  });

  it("reports a secret's lifetime change as changed end dates, never an escalation", () => {
    const { json } = diffScenario("secret-lifetime-changed");
    expect(json.changes.map(brief)).toEqual([
      { workload: "law-reader", change: "changed", kind: "credential", item: "secret law-reader-secret-blue", escalation: false },
      { workload: "law-reader", change: "changed", kind: "credential", item: "secret law-reader-secret-green", escalation: false },
    ]);
    const blue = json.changes[0];
    expect(blue?.kind === "credential" && [blue.before?.endDate, blue.after?.endDate]).toEqual(["2027-02-01T00:00:00.000Z", "2027-03-03T00:00:00.000Z"]);
  });

  it("treats a description edit as a workload change without escalation", () => {
    const { json } = diffScenario("description-edited");
    expect(json.changes.map(brief)).toEqual([{ workload: "law-reader", change: "changed", kind: "workload", item: "law-reader", escalation: false }]);
  });

  it("prints 'No access changes.' for a plan diffed with itself", () => {
    const { json, stdout, code } = diffScenario("identical", "--fail-on-escalation");
    expect(stdout).toBe("No access changes.\n");
    expect(json.changes).toEqual([]);
    expect(json.summary).toEqual({ added: 0, removed: 0, changed: 0, escalations: 0 });
    expect(code).toBe(0);
  });

  it("names both plans in the JSON", () => {
    const { json } = diffScenario("role-added");
    expect(json.base).toEqual({ stack: "gitops", generatedAt: "2026-11-23T00:00:00.000Z" });
    expect(json.head).toEqual({ stack: "gitops", generatedAt: "2026-11-23T00:00:00.000Z" });
  });

  it("shows policy findings that appear and disappear, owned by their workload", () => {
    const finding = violation("secret-lifetime", "law-reader", "law-reader-secret-blue", "lifetime 400 days exceeds 180");
    const d = diffPlans(plan(baselineWorkloads(), { violations: [finding] }), plan(baselineWorkloads(), { violations: [] }));
    expect(d.changes.map(brief)).toEqual([
      { workload: "law-reader", change: "removed", kind: "violation", item: "secret-lifetime on law-reader-secret-blue", escalation: false },
    ]);
    const back = diffPlans(plan(baselineWorkloads()), plan(baselineWorkloads(), { violations: [finding] }));
    expect(back.changes.map((c) => [c.change, c.kind])).toEqual([["added", "violation"]]);
  });

  it("flags a federated credential that lets a new subject sign in", () => {
    const head = baselineWorkloads().map((w) =>
      w.name === "deploy-pipeline" ? { ...w, credentials: w.credentials.map((c) => ({ ...c, subject: "repo:contoso/platform:ref:refs/heads/*" })) } : w,
    );
    const d = diffPlans(plan(baselineWorkloads()), plan(head));
    expect(d.changes.map(brief)).toEqual([
      { workload: "deploy-pipeline", change: "changed", kind: "credential", item: "federated deploy-pipeline-federated-0", escalation: true },
    ]);
  });
});

describe("npm run diff: Markdown", () => {
  it("opens with the headline, lists escalations first and marks them", () => {
    const { stdout } = diffScenario("workload-added");
    const lines = stdout.split("\n");
    expect(lines[0]).toBe("**1 workload added; 3 escalations**");
    expect(stdout.indexOf("#### ⚠️ Escalations")).toBeLessThan(stdout.indexOf("### mail-sender (new)"));
    expect(stdout).toContain("| ⚠️ new API permission | ➕ gains | API permission | Microsoft Graph Mail.Send (application) | privilege level 3; admin consent granted |");
  });

  it("counts changed workloads in the headline", () => {
    const base = plan(baselineWorkloads());
    const head = scenarioPlans("role-added").head;
    head.workloads = head.workloads.map((w) => (w.name === "law-reader" ? { ...w, description: "new text" } : w));
    head.workloads.push(scenarioPlans("workload-added").head.workloads.find((w) => w.name === "mail-sender")!);
    const writes: string[] = [];
    const dir = tempDir();
    const code = main([writeJson(dir, "b.json", base), writeJson(dir, "h.json", head)], { stdout: (t) => void writes.push(t), stderr: () => undefined });
    expect(code).toBe(0);
    expect(writes.join("").split("\n")[0]).toBe("**2 workloads changed, 1 added; 4 escalations**");
  });

  it("escapes pipes in table cells so GitHub keeps the columns", () => {
    expect(escapeCell("a | b")).toBe("a \\| b");
    const { stdout } = diffScenario("description-edited");
    expect(stdout).toContain("Reads \\| queries the workspace");
    for (const row of stdout.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("|---"))) {
      expect(row.replace(/\\\|/g, "").split("|").length - 2).toBe(5);
    }
  });

  it("writes the Markdown to --out and only the headline to stdout", () => {
    const files = writeScenario("role-added");
    const out = join(files.dir, "nested", "diff.md");
    const r = runInProcess(main, [files.base, files.head, "--out", out]);
    expect(r.stdout).toBe("1 workload changed; 1 escalation\n");
    expect(readFileSync(out, "utf8")).toContain("### metering");
  });

  it("appends the head plan's findings with --with-findings", () => {
    const finding = violation("secret-lifetime", "law-reader", "law-reader-secret-blue", "lifetime 400 days exceeds 180");
    const dir = tempDir();
    const p = writeJson(dir, "p.json", plan(baselineWorkloads(), { violations: [finding] }));
    const r = runInProcess(main, [p, p, "--with-findings"]);
    expect(r.stdout).toMatch(/^No access changes\.\n/);
    expect(r.stdout).toContain("| ❌ mandatory | secret-lifetime | law-reader | law-reader-secret-blue | lifetime 400 days exceeds 180 |");
  });
});

describe("npm run diff: exit codes", () => {
  it.each([
    ["workload-added", 3],
    ["role-added", 3],
    ["consent-turned-on", 3],
    ["scope-broadened", 3],
    ["workload-removed", 0],
    ["permission-removed", 0],
    ["secret-lifetime-changed", 0],
    ["identical", 0],
  ] as const)("%s exits %i with --fail-on-escalation", (name, expected) => {
    expect(diffScenario(name, "--fail-on-escalation").code).toBe(expected);
  });

  it("exits 0 on escalations without --fail-on-escalation", () => {
    expect(diffScenario("workload-added").code).toBe(0);
  });

  it.each([
    ["a missing file", (dir: string) => [join(dir, "nope.json"), writeJson(dir, "h.json", plan([]))], /nope\.json: no such file/],
    ["a file that is not JSON", (dir: string) => { writeFileSync(join(dir, "x.json"), "{oops"); return [join(dir, "x.json"), join(dir, "x.json")]; }, /x\.json: not JSON/],
    ["JSON that is not a plan", (dir: string) => [writeJson(dir, "o.json", { workloads: {} }), writeJson(dir, "h.json", plan([]))], /o\.json: not a plan\.json .*\(stack: /],
    ["a plan with a bad credential", (dir: string) => {
      const bad = plan([{ ...baselineWorkloads()[0], credentials: [{ type: "password", name: "x" }] }] as never);
      return [writeJson(dir, "b.json", bad), writeJson(dir, "h.json", plan([]))];
    }, /workloads\[0\]\.credentials\[0\]\.type/],
    ["one file only", (dir: string) => [writeJson(dir, "h.json", plan([]))], /missing required argument 'head-plan'/],
    ["an unknown flag", (dir: string) => [writeJson(dir, "b.json", plan([])), writeJson(dir, "h.json", plan([])), "--fail-on-escalations"], /unknown option '--fail-on-escalations' \(did you mean --fail-on-escalation\?\)/],
  ] as const)("exits 2 on %s with a one-line cause", (_what, args, cause) => {
    const r = runInProcess(main, args(tempDir()));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(cause);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stdout).toBe("");
  });

  it("treats a missing plan as an empty stack with --missing-as-empty (a stack added by the pull request)", () => {
    const dir = tempDir();
    const r = runInProcess(main, [join(dir, "absent.json"), writeJson(dir, "h.json", plan(baselineWorkloads())), "--missing-as-empty", "--fail-on-escalation"]);
    expect(r.code).toBe(3);
    // 3 workloads holding access, their permission and 2 roles, and deploy-pipeline's federated sign-in.
    expect(r.stdout.split("\n")[0]).toBe("**4 workloads added; 7 escalations**");
  });
});

describe("npm run diff as a child process", () => {
  it("exits 3 on an escalation with --fail-on-escalation and writes the JSON", () => {
    const files = writeScenario("consent-turned-on");
    const json = join(files.dir, "out.json");
    const r = runChild("diff", [files.base, files.head, "--json", json, "--fail-on-escalation"]);
    expect(r.code).toBe(3);
    expect(r.stdout.split("\n")[0]).toBe("**1 workload changed; 1 escalation**");
    expect((JSON.parse(readFileSync(json, "utf8")) as AccessDiff).summary.escalations).toBe(1);
  });

  it("exits 2 with one line and no stack trace on a missing file", () => {
    const r = runChild("diff", ["/nonexistent/base.json", "/nonexistent/head.json"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("diff: /nonexistent/base.json: no such file\n");
  });
});
