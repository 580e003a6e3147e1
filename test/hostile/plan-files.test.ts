import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { emptyPlan, parsePlan, PLAN_FORMAT_VERSION, type PlanFile } from "../../preview/plan/plan-file";
import { runCommand } from "../support/cli";

const dir = mkdtempSync(path.join(tmpdir(), "hostile-plans-"));
const write = (name: string, plan: unknown) => {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(plan));
  return file;
};

describe("plan.json carries its format version (issue 12)", () => {
  let prod: PlanFile;
  beforeAll(async () => {
    const result = await runCommand("plan", ["--stack", "prod", "--now", "2026-11-23", "--out", path.join(dir, "prod")]);
    expect(result.code, result.stderr).toBe(0);
    prod = JSON.parse(readFileSync(path.join(dir, "prod", "plan.json"), "utf8")) as PlanFile;
  }, 120_000);

  it("writes formatVersion", () => {
    expect(prod.formatVersion).toBe(PLAN_FORMAT_VERSION);
  });

  it.each([2, 99])("refuses a plan of format %i by name", (version) => {
    expect(() => parsePlan({ ...prod, formatVersion: version }, "x/plan.json")).toThrow(`x/plan.json: is format ${version}, newer than this toolkit reads (1); update this checkout, or plan it again`);
  });

  it.each(["1", 0, 1.5])("refuses the format version %j", (version) => {
    expect(() => parsePlan({ ...prod, formatVersion: version }, "x/plan.json")).toThrow(`formatVersion ${JSON.stringify(version)} is not a plan format`);
  });

  it("refuses a plan written before the field existed, with the command that plans it again", () => {
    const { formatVersion: _omitted, ...legacy } = prod;
    expect(() => parsePlan(legacy, "old/plan.json")).toThrow("old/plan.json: has no formatVersion: written before plan files carried one (this toolkit reads format 1); plan it again with this checkout (npm run plan -- --stack prod --now 2026-11-23T00:00:00.000Z)");
  });

  it.each([
    ["another project", { project: "other" }, /plan of stack prod \(project entra-workloads\) and .* of stack prod \(project other\)/],
    ["another project and stack", { stack: "staging", project: "other" }, /of stack staging \(project other\)/],
  ])("diff of two plans of %s exits 2 naming both", async (what, change, message) => {
    const base = write("base.json", prod);
    const head = write(`head-${what}.json`, { ...prod, ...change });
    const result = await runCommand("diff", [base, head]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe("");
  });

  it.each(["dev", "staging", "prod-eu"])("diff of plans of prod and %s exits 2 naming both stacks and --allow-different-stacks", async (stack) => {
    const base = write("base.json", prod);
    const head = write(`head-${stack}.json`, { ...prod, stack });
    const result = await runCommand("diff", [base, head]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`is a plan of stack prod (project entra-workloads) and ${head} of stack ${stack} (project entra-workloads)`);
    expect(result.stderr).toContain("--allow-different-stacks");
  });

  it("diff of a plan against itself or an empty plan of the same stack still works", async () => {
    const base = write("same.json", prod);
    expect((await runCommand("diff", [base, base])).code).toBe(0);
    const empty = write("empty.json", emptyPlan("prod", prod.generatedAt));
    expect((await runCommand("diff", [empty, base])).code).toBe(0);
  });
});
