/**
 * The same commands on a real plan made by `npm run plan` from the dev stack: the loader accepts
 * what the planner writes, a plan diffed with itself shows nothing, and a healthy stack's expiry
 * watch stays quiet. (The scenario pairs in diff.test.ts use typed fixtures; see fixtures.ts.)
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { main as diff } from "../../preview/cli/commands/diff";
import { main as expiry } from "../../preview/cli/commands/expiry";
import { loadPlan } from "../../preview/plan/plan-file";
import { NOW, tempDir } from "./fixtures";
import { runCommand } from "../support/cli";
import { runInProcess } from "./run";

describe("diff and expiry on a real plan of the dev stack", () => {
  let planPath = "";
  beforeAll(async () => {
    const out = tempDir("real-plan-");
    const r = await runCommand("plan", ["--stack", "dev", "--out", out, "--now", NOW]);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBeLessThanOrEqual(1);
    planPath = join(out, "plan.json");
  });

  it("loads as a plan, every field the planner wrote kept (the schema is the writer's contract, nothing is stripped)", () => {
    const loaded = loadPlan(planPath);
    expect(loaded.stack).toBe("dev");
    expect(loaded).toEqual(JSON.parse(readFileSync(planPath, "utf8")));
  });

  it("diffed with itself prints 'No access changes.'", () => {
    expect(runInProcess(diff, [planPath, planPath, "--fail-on-escalation"])).toMatchObject({ code: 0, stdout: "No access changes.\n" });
  });

  it("against an empty stack, every workload with access is an escalation", () => {
    const r = runInProcess(diff, [join(tempDir(), "none.json"), planPath, "--missing-as-empty", "--fail-on-escalation"]);
    expect(r.code).toBe(3);
  });

  it("has no credential ending within 30 days of the plan date", () => {
    expect(runInProcess(expiry, ["--plan", planPath, "--now", NOW]).code).toBe(0);
  });
});
