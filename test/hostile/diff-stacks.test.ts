/**
 * Issue 12: `diff` of plans of two stacks said nothing, and a plan.json had no format version. Plans of two stacks are
 * exit 2 naming both and the flag unless `--allow-different-stacks`, which the headline and the Markdown then show;
 * two projects are exit 2 whatever the flags; every command that reads a plan refuses one without its format version,
 * or of a version it does not know, naming the file and the command that plans it again.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parsePlan, type PlanFile } from "../../preview/plan/plan-file";
import { baselineWorkloads, plan, tempDir, writeJson } from "../gitops/fixtures";
import { runCommand } from "../support/cli";
import { ROOT } from "../support/program";

const of = (stack: string, changes: Partial<PlanFile> = {}): PlanFile => ({ ...plan(baselineWorkloads(), { stack }), ...changes });

describe("diff of plans of two stacks (issue 12)", () => {
  it.each([
    ["prod", "dev"],
    ["dev", "prod"],
    ["prod", "prod-eu"],
    ["gitops", "staging.v2"],
  ])("refuses a plan of %s against one of %s with exit 2, naming both and the flag, writing nothing", async (baseStack, headStack) => {
    const dir = tempDir("diff-stacks-");
    const base = writeJson(dir, "base.json", of(baseStack));
    const head = writeJson(dir, "head.json", of(headStack));
    const r = await runCommand("diff", [base, head, "--out", path.join(dir, "diff.md"), "--json", path.join(dir, "diff.json"), "--fail-on-escalation"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toEqual([
      `diff: ${base} is a plan of stack ${baseStack} (project entra-workloads) and ${head} of stack ${headStack} (project entra-workloads): ` +
        "diff compares two plans of the same stack (the target branch's and the change's); plan both with the same --stack, or pass --allow-different-stacks to compare two stacks on purpose",
    ]);
    expect(existsSync(path.join(dir, "diff.md"))).toBe(false);
    expect(existsSync(path.join(dir, "diff.json"))).toBe(false);
  });

  it.each([
    ["dev", "prod"],
    ["prod", "prod-eu"],
  ])("compares %s with %s under --allow-different-stacks, saying so in the headline and the Markdown", async (baseStack, headStack) => {
    const dir = tempDir("diff-stacks-");
    const base = writeJson(dir, "base.json", of(baseStack, { workloads: baselineWorkloads().slice(1) }));
    const head = writeJson(dir, "head.json", of(headStack));
    const toStdout = await runCommand("diff", [base, head, "--allow-different-stacks"]);
    expect(toStdout.code, toStdout.stderr).toBe(0);
    const headline = `Plans of two stacks (base ${baseStack}, head ${headStack}; --allow-different-stacks): `;
    expect(toStdout.stdout.split("\n")[0]).toMatch(new RegExp(`^\\*\\*${headline.replace(/[().;-]/g, "\\$&")}1 workload added; \\d+ escalations?\\*\\*$`));
    expect(toStdout.stdout).toContain(`> The base plan is of stack ${baseStack} and the head plan of stack ${headStack}, compared on purpose (--allow-different-stacks)`);
    const toFile = await runCommand("diff", [base, head, "--allow-different-stacks", "--out", path.join(dir, "diff.md"), "--json", path.join(dir, "diff.json")]);
    expect(toFile.stdout.startsWith(headline)).toBe(true);
    expect(readFileSync(path.join(dir, "diff.md"), "utf8")).toContain("--allow-different-stacks");
    expect(JSON.parse(readFileSync(path.join(dir, "diff.json"), "utf8"))).toMatchObject({ base: { stack: baseStack }, head: { stack: headStack } });
  });

  it("says nothing of stacks when the flag is given for plans of one stack", async () => {
    const dir = tempDir("diff-stacks-");
    const base = writeJson(dir, "base.json", of("prod", { workloads: baselineWorkloads().slice(1) }));
    const head = writeJson(dir, "head.json", of("prod"));
    const r = await runCommand("diff", [base, head, "--allow-different-stacks"]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("two stacks");
  });

  it.each([
    ["prod", []],
    ["prod", ["--allow-different-stacks"]],
    ["dev", ["--allow-different-stacks"]],
  ] as [string, string[]][])("refuses plans of two projects (head stack %s, flags %j) with exit 2 whatever the flags", async (headStack, flags) => {
    const dir = tempDir("diff-stacks-");
    const base = writeJson(dir, "base.json", of("prod"));
    const head = writeJson(dir, "head.json", of(headStack, { project: "other" }));
    const r = await runCommand("diff", [base, head, ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`of stack ${headStack} (project other): diff compares two plans of the same stack of one project`);
    expect(r.stdout).toBe("");
  });

  it("a plan missing on one side (--missing-as-empty) is of the other side's stack", async () => {
    const dir = tempDir("diff-stacks-");
    const head = writeJson(dir, "head.json", of("prod-eu"));
    const r = await runCommand("diff", [path.join(dir, "absent.json"), head, "--missing-as-empty"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain("two stacks");
  });
});

describe("every command that reads a plan.json refuses one of a format it does not know (issue 12)", () => {
  const dir = tempDir("plan-format-");
  const good = writeJson(dir, "good.json", of("prod"));
  const snapshot = path.join(ROOT, "test", "fixtures", "tenant", "snapshot.json");
  const commands: [string, (planFile: string) => string[]][] = [
    ["diff (base)", (p) => ["diff", p, good]],
    ["diff (head)", (p) => ["diff", good, p]],
    ["expiry", (p) => ["expiry", "--plan", p, "--now", "2026-11-23"]],
    ["verify", (p) => ["verify", "--plan", p, "--explain"]],
    ["drift", (p) => ["drift", "--snapshot", snapshot, "--plan", p, "--now", "2026-11-23"]],
  ];
  const withoutVersion = (() => {
    const { formatVersion: _omitted, ...rest } = of("prod");
    return rest;
  })();
  const formats: [string, unknown, string][] = [
    ["no formatVersion", withoutVersion, "has no formatVersion: written before plan files carried one (this toolkit reads format 1); plan it again with this checkout (npm run plan -- --stack prod --now 2026-11-23T00:00:00.000Z)"],
    ["format 2", { ...of("prod"), formatVersion: 2 }, "is format 2, newer than this toolkit reads (1); update this checkout, or plan it again with this checkout (npm run plan -- --stack prod --now 2026-11-23T00:00:00.000Z)"],
    ["format \"1\"", { ...of("prod"), formatVersion: "1" }, "formatVersion \"1\" is not a plan format (this toolkit reads format 1); plan it again"],
    ["format null", { ...of("prod"), formatVersion: null }, "formatVersion null is not a plan format"],
    ["format 0", { ...of("prod"), formatVersion: 0 }, "formatVersion 0 is not a plan format"],
  ];

  it.each(commands.flatMap(([command, argv]) => formats.map(([what, data, message]) => [command, what, argv, data, message] as const)))(
    "%s refuses a plan with %s: exit 2, the file and the fix on one line",
    async (_command, what, argv, data, message) => {
      const file = writeJson(dir, `${what.replace(/\W+/g, "-")}.json`, data);
      const [command, ...rest] = argv(file);
      const r = await runCommand(command, rest);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${file}: ${message}`);
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(r.stdout).toBe("");
    },
  );

  it("a plan of a format it does not know is refused even when nothing else of it is a plan, and JSON that is no plan says where", () => {
    expect(() => parsePlan({ formatVersion: 3 }, "x.json")).toThrow("x.json: is format 3, newer than this toolkit reads (1); update this checkout, or plan it again with this checkout (npm run plan -- --stack <stack>)");
    expect(() => parsePlan({ workloads: {} }, "o.json")).toThrow(/^o\.json: not a plan\.json written by `npm run plan` \(stack: /);
  });

  it.each(["../prod", "dev::x", "dev\n# forged heading", "", "a".repeat(101)])("refuses a plan whose stack %j is not a stack name Pulumi accepts", (stack) => {
    expect(() => parsePlan({ ...of("prod"), stack }, "x.json")).toThrow("x.json: not a plan.json written by `npm run plan` (stack: not a stack name Pulumi accepts");
  });
});
