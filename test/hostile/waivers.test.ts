import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand } from "../support/cli";

const dir = mkdtempSync(path.join(tmpdir(), "hostile-waivers-"));
let n = 0;
const waiver = (fields: string) => `waivers:\n  - rule: secret-lifetime\n${fields}    reason: test\n    approvedBy: someone@contoso.com\n    expires: 2027-01-01\n`;
async function plan(text: string) {
  const file = path.join(dir, `w${n++}.yaml`);
  writeFileSync(file, text);
  const out = path.join(dir, `out${n}`);
  return runCommand("plan", ["--stack", "prod", "--now", "2026-11-23", "--waivers", file, "--out", out]);
}

describe("a waiver naming something the stack does not have is reported (issue 12)", () => {
  it.each([
    ["a workload that does not exist", "    workload: ghost\n", 'names workload "ghost", which stack prod does not declare'],
    ["a misspelt workload", "    workload: law-reder\n", 'names workload "law-reder"'],
    ["a workload with an item", "    workload: nobody\n    item: Reader@/subscriptions/x\n", 'names workload "nobody"'],
    ["a resource that does not exist", "    resource: ghost-secret-a\n", 'names resource "ghost-secret-a", which stack prod does not have'],
    ["a workload in this stack's list", "    workload: ghost\n    stacks: [prod]\n", 'names workload "ghost"'],
  ])("%s: a warning on stderr naming it", async (_what, fields, message) => {
    const result = await plan(waiver(fields));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`plan: warning: waivers[0] (secret-lifetime) ${message}`);
  });

  it.each([
    ["a workload of the stack on which its rule finds nothing (prod's law-reader holds no secret)", "    workload: law-reader\n", 'names workload "law-reader", on which secret-lifetime finds nothing in stack prod'],
    ["a stack in stacks: with no stack file", "    workload: law-reader\n    stacks: [prd, prod]\n", 'lists stack "prd" in stacks:, which has no stack file; the stacks are dev, prod'],
    ["a stack in stacks: with no stack file, though the waiver is for another stack", "    workload: ghost\n    stacks: [dve]\n", 'lists stack "dve" in stacks:'],
  ])("%s: a warning naming it (fifth pass)", async (_what, fields, message) => {
    const result = await plan(waiver(fields));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`plan: warning: waivers[0] (secret-lifetime) ${message}`);
  });

  it.each([
    ["a waiver limited to another stack", "    workload: ghost\n    stacks: [dev]\n"],
  ])("%s: no warning", async (_what, fields) => {
    const result = await plan(waiver(fields));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe("");
  });

  it("a --waivers file that does not exist is exit 2, nothing written", async () => {
    const out = mkdtempSync(path.join(tmpdir(), "hostile-waivers-out-"));
    const result = await runCommand("plan", ["--stack", "prod", "--now", "2026-11-23", "--waivers", path.join(dir, "nope.yaml"), "--out", out]);
    expect(result.code).toBe(2);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe("a waiver's URN that no engine could give is refused before planning (issue 12)", () => {
  it.each([
    "urn:pulumi:prod::entra-workloads",
    "urn:pulumi:prod::entra-workloads::azuread:index/application:Application",
    "urn:pulumi:::entra-workloads::azuread:index/application:Application::law-reader-app",
    "urn:x:prod::entra-workloads::t::n",
  ])("%s: exit 2 naming the path and the form, nothing written", async (urn) => {
    const out = path.join(dir, `urn-out-${n}`);
    const file = path.join(dir, `urn${n++}.yaml`);
    writeFileSync(file, waiver(`    resource: "${urn}"\n`));
    const result = await runCommand("plan", ["--stack", "prod", "--now", "2026-11-23", "--waivers", file, "--out", out]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain("waivers[0].resource:");
    expect(result.stderr).toContain("is not a Pulumi URN (urn:pulumi:<stack>::<project>::<qualified type>::<name>)");
    expect(() => readdirSync(out)).toThrow();
  });
});

describe("a workload waiver whose rule does find something there is not warned about", () => {
  it("dev: no-client-secret on law-reader (its rotating secrets)", async () => {
    const file = path.join(dir, `w${n++}.yaml`);
    writeFileSync(file, "waivers:\n  - rule: no-client-secret\n    workload: law-reader\n    reason: test\n    approvedBy: someone@contoso.com\n    expires: 2027-01-01\n");
    const result = await runCommand("plan", ["--stack", "dev", "--now", "2026-11-23", "--waivers", file, "--out", path.join(dir, `out${n}`)]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain("warning");
  });
});
