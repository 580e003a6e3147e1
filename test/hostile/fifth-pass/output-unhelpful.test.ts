/**
 * Issue 12, fifth pass, "Unhelpful": every problem at once across inputs, not only inside the manifest. A bad manifest
 * beside a bad waiver file named only the manifest (the waivers were read after it passed); a bad --policy-config,
 * --tenant, --tenant-policy or --out hid the manifest's problems and each other's (one per run). --tenant-policy
 * problems were zod's words ("Invalid input: expected object, received array") joined on one line. Each through the
 * real plan command, below and above 125 workloads.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { generateStack } from "../../../bench/generate";
import { runCommand, type CliResult } from "../../support/cli";
import { ROOT } from "../../support/program";

const dir = mkdtempSync(path.join(tmpdir(), "hostile5-unhelpful-"));
const file = (name: string, text: string): string => {
  const at = path.join(dir, name);
  writeFileSync(at, text);
  return at;
};
const DEV = readFileSync(path.join(ROOT, "stacks", "Pulumi.dev.yaml"), "utf8");
/** The dev stack with one manifest problem: a lifetime that is not a number. */
const badStack = file("Pulumi.bad.yaml", DEV.replace("lifetimeDays: 90", "lifetimeDays: ninety"));
const badWaivers = file("waivers.yaml", "waivers:\n  - rule: no-such-rule\n    workload: law-reader\n    reason: r\n    approvedBy: a\n    expires: 2026-02-30\n");
const badPolicyConfig = file("policy.json", JSON.stringify({ "secret-lifetime": null }));
const badTenant = file("tenant.json", JSON.stringify({ directoryObjects: [{ objectId: "x", type: "Robot" }], existingRoleAssignments: -1 }));
const badTenantPolicy = file("tenant-policy.json", "[]");
const MANIFEST = "workloads.law-reader.credentials[0].lifetimeDays";
const WAIVER = 'waivers[0].rule: unknown rule "no-such-rule"';
const zodless = (r: CliResult) => expect(r.stdout + r.stderr).not.toMatch(/Invalid input|Too small|Too big|expected \w+, received|at .*\.[jt]s:\d+/);

async function plan(argv: string[]): Promise<CliResult & { out: string }> {
  const out = path.join(dir, `out-${Math.random().toString(36).slice(2)}`);
  const result = await runCommand("plan", ["--now", "2026-11-23", "--out", out, ...argv]);
  expect(existsSync(out), "nothing is written on exit 2").toBe(false);
  return { ...result, out };
}

describe("plan names the problems of every input in one run", () => {
  it("a bad manifest and a bad waiver file: both", async () => {
    const result = await plan(["--stack-file", badStack, "--waivers", badWaivers]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(MANIFEST);
    expect(result.stderr).toContain(WAIVER);
    expect(result.stderr).toContain("2026-02-30");
  });

  it("a bad manifest and a bad --policy-config: both", async () => {
    const result = await plan(["--stack-file", badStack, "--policy-config", badPolicyConfig]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(MANIFEST);
    expect(result.stderr).toMatch(/--policy-config .*policy\.json: invalid policy pack config/);
    expect(result.stderr).toContain("secret-lifetime");
  });

  it("a good manifest with a bad --tenant, --tenant-policy and waiver file: all three, each problem with its path", async () => {
    const result = await plan(["--stack", "dev", "--tenant", badTenant, "--tenant-policy", badTenantPolicy, "--waivers", badWaivers]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("3 inputs have problems");
    expect(result.stderr).toMatch(/--tenant .*tenant\.json: 3 problems:\n {4}directoryObjects\[0\]\.objectId: must be a GUID\n/);
    expect(result.stderr).toContain("--tenant-policy");
    expect(result.stderr).toContain("(top level): is a list; it must be a map of fields");
    expect(result.stderr).toContain(WAIVER);
  });

  it("a bad manifest with an --out that is a file: both", async () => {
    const notADirectory = file("not-a-dir", "x");
    const result = await runCommand("plan", ["--stack-file", badStack, "--out", notADirectory]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(MANIFEST);
    expect(result.stderr).toContain("is not a directory");
    expect(readFileSync(notADirectory, "utf8")).toBe("x");
  });

  it("above 125 workloads: a bad manifest and a bad waiver file, both, without starting the shards", async () => {
    const big = file("Pulumi.big.yaml", generateStack(130).replace("lifetimeDays: 90", "lifetimeDays: ninety"));
    const started = Date.now();
    const result = await plan(["--stack-file", big, "--waivers", badWaivers, "--tenant-policy", badTenantPolicy]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/wl-\d+\.credentials\[0\]\.lifetimeDays: must be a number/);
    expect(result.stderr).toContain(WAIVER);
    expect(result.stderr).toContain("--tenant-policy");
    expect(result.stderr).not.toMatch(/promises were still active|SyntaxError|JSON/);
    zodless(result);
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);

  it("one bad input alone keeps its one message", async () => {
    const result = await plan(["--stack", "dev", "--tenant-policy", badTenantPolicy]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`plan: --tenant-policy ${badTenantPolicy}: (top level): is a list; it must be a map of fields\n`);
  });
});
