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
    expect(() => parsePlan({ ...prod, formatVersion: version }, "x/plan.json")).toThrow(/newer format than this toolkit reads/);
  });

  it.each(["1", 0, 1.5])("refuses the format version %j", (version) => {
    expect(() => parsePlan({ ...prod, formatVersion: version }, "x/plan.json")).toThrow(/not a plan\.json/);
  });

  it("still reads a plan written before the field existed", () => {
    const { formatVersion: _omitted, ...legacy } = prod;
    expect(parsePlan(legacy, "old/plan.json").stack).toBe("prod");
  });

  it.each([
    ["another project", { project: "other" }, /plan of project entra-workloads and .* of project other/],
    ["another project and stack", { stack: "staging", project: "other" }, /of project other/],
  ])("diff of two plans of %s exits 2 naming both", async (what, change, message) => {
    const base = write("base.json", prod);
    const head = write(`head-${what}.json`, { ...prod, ...change });
    const result = await runCommand("diff", [base, head]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe("");
  });

  it.each(["dev", "staging", "prod-eu"])("diff of plans of prod and %s warns on stderr that the stacks differ", async (stack) => {
    const base = write("base.json", prod);
    const head = write(`head-${stack}.json`, { ...prod, stack });
    const result = await runCommand("diff", [base, head]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`is a plan of stack prod and ${head} of stack ${stack}; the changes below are between two different stacks`);
  });

  it("diff of a plan against itself or an empty plan of the same stack still works", async () => {
    const base = write("same.json", prod);
    expect((await runCommand("diff", [base, base])).code).toBe(0);
    const empty = write("empty.json", emptyPlan("prod", prod.generatedAt));
    expect((await runCommand("diff", [empty, base])).code).toBe(0);
  });
});
