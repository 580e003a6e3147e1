import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { PlanFile } from "../../preview/plan/plan-file";
import { renderSummary } from "../../preview/report/terminal";
import { runCommand } from "../support/cli";
import { ROOT } from "../support/program";

const ROLES = 401;
const dir = mkdtempSync(path.join(tmpdir(), "hostile-summary-"));

/** The prod stack with law-reader holding `count` more Reader assignments, each on its own resource group. */
function manyRoles(count: number): string {
  const prod = readFileSync(path.join(ROOT, "stacks", "Pulumi.prod.yaml"), "utf8");
  const roles = Array.from({ length: count }, (_, i) => `        - role: Reader\n          scope: /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-${i}\n`).join("");
  return prod.replace("      roles:\n        - role: Log Analytics Reader\n", `      roles:\n${roles}        - role: Log Analytics Reader\n`);
}

describe("the terminal summary costs time linear in one workload's permissions (issue 12)", () => {
  let plan: PlanFile;
  let stdout = "";
  let elapsed = 0;
  beforeAll(async () => {
    const file = path.join(dir, "Pulumi.many.yaml");
    writeFileSync(file, manyRoles(ROLES));
    const started = Date.now();
    const result = await runCommand("plan", ["--stack-file", file, "--now", "2026-11-23", "--out", path.join(dir, "out")]);
    elapsed = Date.now() - started;
    expect(result.code, result.stderr).toBe(0);
    stdout = result.stdout;
    plan = JSON.parse(readFileSync(path.join(dir, "out", "plan.json"), "utf8")) as PlanFile;
  }, 180_000);

  it(`plans and prints a workload with ${ROLES + 1} role assignments, and returns (it never did)`, () => {
    expect(elapsed).toBeLessThan(120_000);
    expect(stdout).toContain("rg-400");
    for (const line of stdout.split("\n")) expect([...line].length).toBeLessThanOrEqual(120);
  });

  it("renders 4x the assignments in well under 16x the time", () => {
    const withRoles = (n: number): PlanFile => ({
      ...plan,
      workloads: plan.workloads.map((w) => (w.name === "law-reader" ? { ...w, roleAssignments: w.roleAssignments.slice(0, n) } : w)),
    });
    const time = (p: PlanFile) => {
      let best = Infinity;
      for (let i = 0; i < 5; i++) {
        const started = process.hrtime.bigint();
        renderSummary(p);
        best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6);
      }
      return best;
    };
    const small = time(withRoles(100));
    const large = time(withRoles(400));
    expect(large, `100 → ${small.toFixed(1)} ms, 400 → ${large.toFixed(1)} ms`).toBeLessThan(small * 10 + 20);
  });
});
