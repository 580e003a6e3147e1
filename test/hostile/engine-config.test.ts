import * as path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { runProgram } from "../../preview/runtime/run-program";
import { readStackFile } from "../../preview/runtime/stack-file";
import { AzureSimulator } from "../../simulator";
import { isManifestError } from "../../stacks/manifest";
import { offlineClock } from "../../stacks/manifest/offline-clock";
import { NOW, ROOT } from "../support/program";

const DEV = readStackFile(path.join(ROOT, "stacks", "Pulumi.dev.yaml"));

/** The program as `pulumi up` runs it: config straight from the engine (no offline checks before), no pinned clock. */
async function underTheEngine(extra: Record<string, string>) {
  vi.resetModules();
  return runProgram({
    program: path.join(ROOT, "index.ts"), project: "entra-workloads", stack: DEV.stackName,
    config: { ...DEV.config, ...extra }, mocks: new AzureSimulator({ now: NOW }),
  });
}

describe("config keys the program would ignore, under pulumi up (issue 12)", () => {
  it.each([
    ["entra-workloads:workload", "entra-workloads:workloads"],
    ["entra-workloads:keyvault", "entra-workloads:keyVault"],
    ["entra-workloads:owners", "entra-workloads:keyVault"],
    ["entra-workloads:Defaults", "entra-workloads:defaults"],
  ])("refuses %s before declaring anything", async (key, known) => {
    const run = await underTheEngine({ [key]: "{}" });
    expect(isManifestError(run.error)).toBe(true);
    const message = (run.error as Error).message;
    expect(message).toContain(`config ${key}: the program reads no such key`);
    expect(message).toContain(known);
    expect(run.resources).toEqual([]);
  });

  it.each(["2026-11-23", "2026-01-01T00:00:00Z", ""])("refuses a clock pinned in config (entra-workloads:now = %j): it would freeze rotation", async (value) => {
    const run = await underTheEngine({ "entra-workloads:now": value });
    expect((run.error as Error).message).toContain("config entra-workloads:now: a pinned clock does not belong in a stack file");
    expect(run.resources).toEqual([]);
  });

  it("reports unknown keys together with the manifest's own problems", async () => {
    const run = await underTheEngine({ "entra-workloads:tags": "{}", "entra-workloads:keyVault": "{\"name\":\"kv\"}" });
    const message = (run.error as Error).message;
    expect(message).toContain("config entra-workloads:tags:");
    expect(message).toContain("keyVault.resourceGroupName");
  });

  it("lets other namespaces through, and plans with the system clock when nothing pins it", async () => {
    const run = await underTheEngine({ "azure-native:subscriptionId": "x", "other:thing": "1" });
    expect(run.error).toBeUndefined();
    expect(run.failures).toEqual([]);
    expect(offlineClock()).toBeUndefined();
  });
});
