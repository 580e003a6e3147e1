/**
 * Issue 12, fifth pass, "a misspelt or unknown entra-workloads:* key is ignored" and "a zero-width character in a scope
 * or redirect URI passes": new instances.
 * - A config key without a namespace: Pulumi makes it the project's (`owners:` is `entra-workloads:owners` under
 *   pulumi up: pulumi/pulumi sdk/go/common/workspace/loaders.go stackConfigNamespacedWithProject), which the program
 *   refuses; offline it was silently left out (exit 0, the owners dropped). A bare `workloads:` is the program's key.
 * - The old form `<namespace>:config:<name>` (config/key.go ParseKey) is `<namespace>:<name>` to Pulumi.
 * - Under pulumi up the engine hands the program its config directly: a zero-width space in a redirect URI, a
 *   federated subject or a tag key, or a bidi override in a description, passed (the offline reader refused them).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { runProgram } from "../../../preview/runtime/run-program";
import { readStackFile } from "../../../preview/runtime/stack-file";
import { AzureSimulator } from "../../../simulator";
import { isManifestError } from "../../../stacks/manifest";
import { runCommand } from "../../support/cli";
import { NOW, ROOT } from "../../support/program";

const dir = mkdtempSync(path.join(tmpdir(), "fifth-keys-"));
let n = 0;
const PROD = readFileSync(path.join(ROOT, "stacks", "Pulumi.prod.yaml"), "utf8");

async function plan(text: string) {
  const file = path.join(dir, `Pulumi.k${n++}.yaml`);
  writeFileSync(file, text);
  const out = path.join(dir, `out${n++}`);
  const result = await runCommand("plan", ["--stack-file", file, "--out", out, "--now", "2026-11-23"]);
  return { ...result, written: existsSync(out) };
}

describe("config keys as Pulumi reads them (issue 12, fifth pass)", () => {
  it.each([
    ["owners", "  owners: [\"6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0\"]\n", "config owners (Pulumi reads it as entra-workloads:owners): the program reads no such key"],
    ["tags", "  tags:\n    costCenter: \"42\"\n", "config tags (Pulumi reads it as entra-workloads:tags): the program reads no such key"],
    ["entra-workloads:config:tags", "  entra-workloads:config:tags: {a: b}\n", "config entra-workloads:config:tags (Pulumi reads it as entra-workloads:tags)"],
    ["now", "  now: 2020-01-01\n", "config now (Pulumi reads it as entra-workloads:now): a pinned clock does not belong in a stack file"],
    ["a:b:c", "  entra-workloads:workloads:extra: {}\n", "config entra-workloads:workloads:extra: Pulumi cannot parse this key"],
  ])("%s is refused (exit 2, nothing written)", async (_key, line, message) => {
    const result = await plan(PROD.replace("config:\n", `config:\n${line}`));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.written).toBe(false);
  });

  it("a bare workloads: is the program's key, and checked as one (a workload key 012 is refused)", async () => {
    const bare = PROD.replace("  entra-workloads:workloads:", "  workloads:");
    expect(bare).not.toBe(PROD);
    const ok = await plan(bare);
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    const numbered = await plan(bare.replace("workloads:\n", "workloads:\n    012:\n      credentials: [{type: secret}]\n"));
    expect(numbered.code).toBe(2);
    expect(numbered.stderr).toContain("workloads.012: Pulumi's YAML reader takes this workload key for");
  });

  it("the same key written twice ways is refused: one would silently replace the other", async () => {
    const result = await plan(PROD.replace("config:\n", "config:\n  keyVault: {name: kv-other, resourceGroupName: rg-x}\n"));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/config (keyVault|entra-workloads:keyVault): Pulumi reads it as entra-workloads:keyVault, as it does (entra-workloads:keyVault|keyVault)/);
  });

  it("the old form <namespace>:config:<name> plans as the key it names", async () => {
    const result = await plan(PROD.replace("  entra-workloads:workloads:", "  entra-workloads:config:workloads:"));
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });
});

const DEV = readStackFile(path.join(ROOT, "stacks", "Pulumi.dev.yaml"));
const FEDERATED = { type: "federated", issuer: "https://token.actions.githubusercontent.com", subject: "repo:contoso/app:environment:prod" };
const withWorkload = (spec: object) => ({ "entra-workloads:workloads": JSON.stringify({ ...JSON.parse(DEV.config["entra-workloads:workloads"]) as object, zz: spec }) });

describe("invisible characters under pulumi up (issue 12, fifth pass)", () => {
  it.each([
    ["a redirect URI", withWorkload({ description: "d", web: { redirectUris: ["https://zz.contoso.com/cb\u200b"] } }), "workloads.zz.web.redirectUris[0]: contains U+200B"],
    ["a federated subject", withWorkload({ description: "d", credentials: [{ ...FEDERATED, subject: `${FEDERATED.subject}\u2060` }] }), "workloads.zz.credentials[0].subject: contains U+2060"],
    ["a description (bidi override)", withWorkload({ description: "approved\u202e", credentials: [FEDERATED] }), "workloads.zz.description: contains U+202E"],
    ["a tag key", { "entra-workloads:defaults": JSON.stringify({ ...JSON.parse(DEV.config["entra-workloads:defaults"]) as object, tags: { "team\u200d": "x" } }) }, "the key contains U+200D"],
    ["a Key Vault resource group (Hangul filler)", { "entra-workloads:keyVault": JSON.stringify({ ...JSON.parse(DEV.config["entra-workloads:keyVault"]) as object, resourceGroupName: "rg-identity\u3164" }) }, "keyVault.resourceGroupName"],
  ])("%s is refused before anything is declared", async (_what, extra, message) => {
    vi.resetModules();
    const run = await runProgram({
      program: path.join(ROOT, "index.ts"), project: "entra-workloads", stack: DEV.stackName,
      config: { ...DEV.config, ...extra }, mocks: new AzureSimulator({ now: NOW }),
    });
    expect(isManifestError(run.error)).toBe(true);
    expect((run.error as Error).message).toContain(message);
    expect(run.resources).toEqual([]);
  });
});
