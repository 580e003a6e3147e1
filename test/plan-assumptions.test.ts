import { describe, expect, it } from "vitest";
import { buildPlan } from "../preview/plan/build";
import { mergeRuns } from "../preview/plan/merge";
import { renderAccessReport } from "../preview/report/access-report";
import { AzureSimulator } from "../simulator";

const NOW = new Date("2026-11-23T00:00:00Z");

describe("the plan says what it assumed about the real tenant (DESIGN.md principle 10)", () => {
  it("keeps each assumption once, sorted, from the simulator's directory", () => {
    const simulator = new AzureSimulator({ now: NOW });
    simulator.directory.assume("b: second");
    simulator.directory.assume("a: first");
    simulator.directory.assume("b: second");
    expect(simulator.assumptions).toEqual(["a: first", "b: second"]);
  });

  it("joins the assumptions of every shard", () => {
    const run = (assumptions: string[]) => ({ resources: [], failures: [], outputs: {}, assumptions });
    expect(mergeRuns([run(["y", "x"]), run(["x", "z"])]).assumptions).toEqual(["x", "y", "z"]);
  });

  it("writes them to plan.json and lists them in the access report (a pipe cannot break the table)", () => {
    const plan = buildPlan({ stack: "dev", project: "p", now: NOW, resources: [], workloads: {}, violations: [], assumptions: ["owner 1 | is a user"] });
    expect(plan.assumptions).toEqual(["owner 1 | is a user"]);
    const report = renderAccessReport(plan);
    expect(report).toContain("## Assumed offline");
    expect(report).toContain("owner 1 \\| is a user");
    const none = renderAccessReport(buildPlan({ stack: "dev", project: "p", now: NOW, resources: [], workloads: {}, violations: [], assumptions: [] }));
    expect(none).toContain("Nothing: every check ran on what the manifest itself shows.");
  });
});
