import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import type { BenchResults } from "../bench/run";
import { generateStack } from "../bench/generate";
import { shortHash } from "../model/slug";
import { shardingFor } from "../preview/plan/shard";
import { childEnv, runCommandChild } from "./support/cli";

const ROOT = path.resolve(__dirname, "..");
const tmp = (prefix: string) => mkdtempSync(path.join(tmpdir(), prefix));

function plan(stackFile: string, env: NodeJS.ProcessEnv = {}, extra: string[] = []) {
  const out = tmp("plan-");
  const r = runCommandChild("plan", ["--stack-file", stackFile, "--now", "2026-11-23", "--out", out, ...extra], ROOT, env);
  const read = (f: string) => (existsSync(path.join(out, f)) ? readFileSync(path.join(out, f), "utf8") : undefined);
  return { code: r.code, stdout: r.stdout, stderr: r.stderr, plan: read("plan.json"), report: read("access-report.md") };
}

describe("npm run bench, smoke size (10 workloads, one run)", () => {
  let results: BenchResults;
  let markdown: string;
  beforeAll(() => {
    const dir = tmp("bench-");
    const r = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "bench", "run.ts"), "--sizes", "10", "--runs", "1", "--results", dir], {
      cwd: ROOT, encoding: "utf8", timeout: 120_000, env: childEnv(),
    });
    expect(r.status, r.stderr).toBe(0);
    results = JSON.parse(readFileSync(path.join(dir, "results.json"), "utf8")) as BenchResults;
    markdown = readFileSync(path.join(dir, "results.md"), "utf8");
  }, 120_000);

  it("measures ours and the baseline on the same resources, with positive times and peaks", () => {
    expect(results.sizes).toHaveLength(1);
    const [s] = results.sizes;
    expect(s.workloads).toBe(10);
    expect(s.resources).toBeGreaterThan(10);
    expect(s.baselineResources).toBe(s.resources);
    expect(s.criticalPath).toBe(3);
    for (const side of [s.ours, s.baseline]) {
      expect(side.wallMs).toHaveLength(1);
      expect(side.medianWallMs).toBeGreaterThan(0);
      expect(side.medianPeakRssBytes).toBeGreaterThan(0);
      expect(side.processes).toBeGreaterThanOrEqual(1);
    }
    expect(s.ratio).toBeGreaterThan(0);
    expect(results.targets.map((t) => t.name)).toHaveLength(5);
  });

  it("writes the Markdown table with every column", () => {
    expect(markdown).toContain("| workloads | resources | ours (median) | baseline (median) | ratio | peak RSS ours | peak RSS baseline | critical path |");
    expect(markdown).toMatch(/\| 10 \| \d+ \| [\d.]+ s \| [\d.]+ s \| [\d.]+× \|/);
  });
});

describe("sharded plans", () => {
  const dir = tmp("stack-");
  const stackFile = path.join(dir, "Pulumi.bench.yaml");
  const waivers = path.join(dir, "waivers.yaml");
  const OWNER_RA = `a-risky-ra-owner-${shortHash("/subscriptions/00000000-0000-0000-0000-000000000000")}`;
  beforeAll(() => {
    // Seven generated workloads and, in the first and the last shard, one that fails the guardrails (Owner at
    // subscription scope: a mandatory and an advisory finding); a waiver covers the first one's mandatory finding.
    const doc = parseYaml(generateStack(7)) as { config: Record<string, Record<string, unknown>> };
    const risky = { credentials: [{ type: "secret" }], roles: [{ role: "Owner", scope: "/subscriptions/00000000-0000-0000-0000-000000000000" }] };
    doc.config["entra-workloads:workloads"] = { "a-risky": risky, ...doc.config["entra-workloads:workloads"], "z-risky": risky };
    writeFileSync(stackFile, stringifyYaml(doc));
    writeFileSync(waivers, stringifyYaml({ waivers: [{ rule: "privileged-role-assignment", resource: OWNER_RA, reason: "test", approvedBy: "test", expires: "2099-01-01" }] }));
  });

  it("write the same plan.json and access report, byte for byte, as one process, findings and waivers included", () => {
    const whole = plan(stackFile, {}, ["--waivers", waivers]);
    const sharded = plan(stackFile, { ENTRA_PLAN_SHARD_SIZE: "3" }, ["--waivers", waivers]); // 3 shards, each with the shared vault
    expect(whole.code, whole.stderr).toBe(1);
    expect(sharded.code, sharded.stderr).toBe(1);
    const violations = (JSON.parse(whole.plan ?? "{}") as { violations: { policy: string; workload: string; waiver?: string }[] }).violations;
    const roleFindings = violations.filter((v) => v.policy === "privileged-role-assignment" || v.policy === "broad-scope-role-assignment");
    expect(roleFindings.map((v) => [v.workload, v.policy, v.waiver ?? ""])).toEqual([
      ["a-risky", "privileged-role-assignment", `privileged-role-assignment:${OWNER_RA}`],
      ["a-risky", "broad-scope-role-assignment", ""],
      ["z-risky", "privileged-role-assignment", ""],
      ["z-risky", "broad-scope-role-assignment", ""],
    ]);
    expect(whole.plan).toBeDefined();
    expect(sharded.plan).toBe(whole.plan);
    expect(sharded.report).toBe(whole.report);
    const summary = (stdout: string) => stdout.replace(/^Wrote .*$/m, "");
    expect(summary(sharded.stdout)).toBe(summary(whole.stdout));
  });

  it("report a waiver file they cannot use as bad input (exit 2), naming the problem, and write nothing", () => {
    const bad = path.join(dir, "bad-waivers.yaml");
    writeFileSync(bad, "waivers:\n  - rule: secret-lifetme\n");
    const r = plan(stackFile, { ENTRA_PLAN_SHARD_SIZE: "3" }, ["--waivers", bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('waivers[0].rule: unknown rule "secret-lifetme"');
    expect(r.plan).toBeUndefined();
  });

  it("report every problem of an invalid manifest at once, across shards, and write nothing", () => {
    const doc = parseYaml(readFileSync(stackFile, "utf8")) as { config: Record<string, Record<string, { roles: { role: string }[] }>> };
    const workloads = doc.config["entra-workloads:workloads"];
    workloads["wl-0000"].roles[0].role = "Reeder";
    workloads["wl-0006"].roles[0].role = "Ownr";
    const invalid = path.join(path.dirname(stackFile), "Pulumi.invalid.yaml");
    writeFileSync(invalid, stringifyYaml(doc));
    const r = plan(invalid, { ENTRA_PLAN_SHARD_SIZE: "3" });
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n").filter((l) => l.startsWith("workloads."))).toEqual([
      expect.stringMatching(/^workloads\.wl-0000\.roles\[0\]\.role: unknown Azure built-in role "Reeder"/),
      expect.stringMatching(/^workloads\.wl-0006\.roles\[0\]\.role: unknown Azure built-in role "Ownr"/),
    ]);
    expect(r.plan).toBeUndefined();
  });
});

describe("shard sizes", () => {
  it("balance the workloads over the cores in as few rounds as the largest shard allows", () => {
    expect(shardingFor(125, {}, 2)).toBeUndefined();
    expect(shardingFor(126, {}, 2)).toEqual({ sizes: [63, 63], concurrency: 2 });
    expect(shardingFor(300, {}, 2)).toEqual({ sizes: [150, 150], concurrency: 2 });
    expect(shardingFor(301, {}, 2)?.sizes).toEqual([76, 75, 75, 75]);
    expect(shardingFor(1000, {}, 2)).toEqual({ sizes: Array.from({ length: 8 }, () => 125), concurrency: 2 });
    expect(shardingFor(300, {}, 1)).toEqual({ sizes: [150, 150], concurrency: 1 });
    expect(shardingFor(130, {}, 8)).toEqual({ sizes: [65, 65], concurrency: 2 });
  });

  it("ENTRA_PLAN_SHARD_SIZE forces slices of that size", () => {
    expect(shardingFor(7, { ENTRA_PLAN_SHARD_SIZE: "3" }, 2)).toEqual({ sizes: [3, 3, 1], concurrency: 2 });
    expect(shardingFor(3, { ENTRA_PLAN_SHARD_SIZE: "3" }, 2)).toBeUndefined();
  });
});
