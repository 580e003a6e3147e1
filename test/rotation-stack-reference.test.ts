import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { AzureSimulator } from "../simulator";
import { registrationError, valueOf } from "./simulator/harness";
import { runManifest, VAULT } from "./support/program";

// How the program learns what its last deployment issued: a StackReference to its own stack, which the simulator
// answers from `tenant.previousOutputs` (the engine: pulumi/pulumi pkg/resource/deploy/builtins.go readStackReference).

const manifest = { keyVault: VAULT, workloads: { app: { credentials: [{ type: "secret" }] } } };

describe("the stack reference to the stack itself", () => {
  it("on a first deployment reads no outputs, and the plan says so", async () => {
    const simulator = new AzureSimulator({ now: new Date("2026-11-23T00:00:00Z") });
    await pulumi.runtime.setMocks(simulator, "entra-workloads", "dev", false, "organization");
    const self = new pulumi.StackReference("self", { name: "organization/entra-workloads/dev" });
    expect(await valueOf(self.outputs)).toEqual({});
    expect(simulator.assumptions).toContain("stack organization/entra-workloads/dev has no previous deployment: every rotating credential is issued as on a first `pulumi up`");
  });

  it("reads the previous deployment's outputs of its own stack only", async () => {
    const previousOutputs = { keyVaultName: "kv-test" };
    const simulator = new AzureSimulator({ tenant: { previousOutputs } });
    await pulumi.runtime.setMocks(simulator, "entra-workloads", "dev", false, "organization");
    expect(await valueOf(new pulumi.StackReference("self", { name: "organization/entra-workloads/dev" }).getOutput("keyVaultName"))).toBe("kv-test");
    expect(await valueOf(new pulumi.StackReference("other", { name: "organization/entra-workloads/prod" }).outputs)).toEqual({});
  });

  it("refuses a name that is not <organization>/<project>/<stack>, as Pulumi Cloud does", async () => {
    await pulumi.runtime.setMocks(new AzureSimulator(), "entra-workloads", "dev", false, "organization");
    const message = await registrationError(new pulumi.StackReference("self", { name: "dev" }));
    expect(message).toContain("StackReferenceName: a stack reference's name should be of the form '<organization>/<project>/<stack>'");
  });

  it("is what the program reads back: a run given the last run's outputs issues nothing new within the epoch", async () => {
    const first = await runManifest(manifest, new Date("2026-11-23T00:00:00Z"));
    const second = await runManifest(manifest, new Date("2026-11-24T00:00:00Z"), "test", { previousOutputs: first.outputs });
    expect(second.failures).toEqual([]);
    expect(second.outputs.workloads).toEqual(first.outputs.workloads);
  });
});
