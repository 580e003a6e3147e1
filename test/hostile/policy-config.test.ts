import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand } from "../support/cli";

const dir = mkdtempSync(path.join(tmpdir(), "hostile-policy-"));
let n = 0;
const plan = async (config: string | undefined, file?: string) => {
  const at = file ?? path.join(dir, `config-${n++}.json`);
  if (config !== undefined) writeFileSync(at, config);
  const out = mkdtempSync(path.join(tmpdir(), "hostile-policy-out-"));
  const result = await runCommand("plan", ["--stack", "prod", "--now", "2026-11-23", "--policy-config", at, "--out", out]);
  return { ...result, at, written: readdirSync(out) };
};

describe("--policy-config is validated against each rule's schema (issue 12)", () => {
  it.each([
    [{ "secret-lifetime": { maxSecretLifetimeDays: "lots" } }, "maxSecretLifetimeDays"],
    [{ "secret-lifetime": { maxSecretLifetimeDays: -5 } }, "maxSecretLifetimeDays"],
    [{ "secret-lifetime": { enforcementLevel: "sometimes" } }, "sometimes"],
    [{ "secret-lifetime": { maxSecretLifetimeDays: 30.5 } }, "secret-lifetime.maxSecretLifetimeDays: expected an integer"],
    [{ "privileged-graph-permission": { minPrivilegeLevel: 9 } }, "minPrivilegeLevel: 9 is above the maximum 5"],
    [{ "privileged-graph-permission": { tier0: "yes" } }, "tier0: expected a boolean"],
    [{ "secret-lifetim": { enforcementLevel: "disabled" } }, "secret-lifetim"],
  ])("refuses %j with exit 2 naming the setting, nothing written", async (config, setting) => {
    const result = await plan(JSON.stringify(config));
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(setting);
    expect(result.stderr).not.toMatch(/--debug/);
    expect(result.written).toEqual([]);
  });

  it("a missing file is exit 2 naming it", async () => {
    const result = await plan(undefined, path.join(dir, "missing.json"));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("missing.json");
  });

  it.each(["{", "not json", "{\"a\": }"])("bad JSON %j is exit 2 naming the file", async (text) => {
    const result = await plan(text);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(path.basename(result.at));
  });
});

describe("a bad --policy-config setting beside a bad manifest: both named in one run (issue 12, fifth pass)", () => {
  it.each([
    [{ "secret-lifetime": { maxSecretLifetimeDays: "lots" } }, "secret-lifetime.maxSecretLifetimeDays"],
    [{ "secret-lifetim": "mandatory" }, "secret-lifetim: unknown rule"],
  ])("%j", async (config, setting) => {
    const { readFileSync } = await import("node:fs");
    const { ROOT } = await import("../support/program");
    const stack = path.join(dir, "Pulumi.prod.yaml");
    writeFileSync(stack, readFileSync(path.join(ROOT, "stacks", "Pulumi.prod.yaml"), "utf8")
      .replace("  entra-workloads:workloads:\n", "  entra-workloads:workloads:\n    broken:\n      apiPermissions: [{ api: Microsoft Graph, application: [User.Read.Al] }]\n"));
    const at = path.join(dir, `config-${n++}.json`);
    writeFileSync(at, JSON.stringify(config));
    const out = mkdtempSync(path.join(tmpdir(), "hostile-policy-out-"));
    const result = await runCommand("plan", ["--stack-file", stack, "--now", "2026-11-23", "--policy-config", at, "--out", out]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain("User.Read.Al");
    expect(result.stderr).toContain(setting);
    expect(readdirSync(out)).toEqual([]);
  });
});
