/**
 * Issue 12 ("a malformed policy setting switches a mandatory rule off"), for the tenant's app management policy
 * (`--tenant-policy`): a misspelt restriction type or a misspelt maxLifetime used to switch Entra's check off in the
 * simulator, so a plan Entra would refuse planned green.
 */
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand } from "../support/cli";

const dir = mkdtempSync(path.join(tmpdir(), "tenant-policy-"));
let n = 0;
const policy = (passwordCredentials: unknown[], keyCredentials: unknown[] = []) =>
  JSON.stringify({ isEnabled: true, applicationRestrictions: { passwordCredentials, keyCredentials } });

async function plan(text: string) {
  const file = path.join(dir, `policy-${n++}.json`);
  writeFileSync(file, text);
  const out = path.join(dir, `out-${n}`);
  const result = await runCommand("plan", ["--now", "2026-11-23", "--tenant-policy", file, "--out", out]);
  let written: string[] = [];
  try {
    written = readdirSync(out);
  } catch {
    written = [];
  }
  return { ...result, written };
}

describe("--tenant-policy restrictions Graph would not hold are exit 2, never a check switched off", () => {
  it.each([
    [policy([{ restrictionType: "passwordlifetime", maxLifetime: "P30D" }]), "passwordCredentials[0].restrictionType", "passwordlifetime"],
    [policy([{ restrictionType: "passwordLifeTime", maxLifetime: "P30D" }]), "passwordCredentials[0].restrictionType", "passwordLifeTime"],
    [policy([{ restrictionType: "PasswordAddition" }]), "passwordCredentials[0].restrictionType", "PasswordAddition"],
    [policy([], [{ restrictionType: "keyLifetime", maxLifetime: "P30D" }]), "keyCredentials[0].restrictionType", "keyLifetime"],
    [policy([{ restrictionType: "passwordLifetime", maxLifeTime: "P30D" }]), "passwordCredentials[0].maxLifetime", "maxLifetime is required"],
    [policy([{ restrictionType: "symmetricKeyLifetime" }]), "passwordCredentials[0].maxLifetime", "maxLifetime is required"],
    [policy([], [{ restrictionType: "asymmetricKeyLifetime", maxLifetime: null }]), "keyCredentials[0].maxLifetime", "maxLifetime is required"],
  ])("%s", async (text, where, what) => {
    const result = await plan(text);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(where);
    expect(result.stderr).toContain(what);
    expect(result.written).toEqual([]);
  });

  it("Graph's own spelling still applies: the dev stack's 90-day secrets break a 30-day limit (exit 3)", async () => {
    const result = await plan(policy([{ restrictionType: "passwordLifetime", maxLifetime: "P30D", excludeActors: null }]));
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toContain("CredentialInvalidLifetimeAsPerAppPolicy");
  });
});
