/**
 * Issue 12, class "a misspelt or unknown config key is ignored", third pass: a provider's namespace in another letter
 * case or with other separators (Azure-Native:location) is another namespace to Pulumi, so the provider never sees the
 * value; refused offline and under pulumi up alike, while the dev and prod stacks' own keys pass.
 */
import * as path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { runProgram } from "../../../preview/runtime/run-program";
import { readStackFile } from "../../../preview/runtime/stack-file";
import { AzureSimulator } from "../../../simulator";
import { isManifestError } from "../../../stacks/manifest";
import { configKeyProblems } from "../../../stacks/manifest/checks/config-keys";
import { NOW, ROOT } from "../../support/program";

const DEV = readStackFile(path.join(ROOT, "stacks", "Pulumi.dev.yaml"));
const PROD = readStackFile(path.join(ROOT, "stacks", "Pulumi.prod.yaml"));

describe("provider namespaces written another way", () => {
  it.each([
    ["Azure-Native:location", "azure-native:location"],
    ["AZURE-NATIVE:Location", "azure-native:location"],
    ["azure_native:subscriptionId", "azure-native:subscriptionId"],
    ["azurenative:location", "azure-native:location"],
    ["AzureAD:tenantId", "azuread:tenantId"],
    ["azure-ad:useOidc", "azuread:useOidc"],
  ])("%s is refused, pointing at %s", (key, meant) => {
    expect(configKeyProblems([key])).toEqual([expect.stringMatching(new RegExp(`^config ${key}: the namespace .* so its value would be ignored; write ${meant}$`))]);
  });

  it.each(["azure:location", "pulumi:tags", "other:thing", "azure-native:location", "azuread:tenantId", "aws:region"])("%s is left alone", (key) => {
    expect(configKeyProblems([key])).toEqual([]);
  });

  it("the dev and prod stacks' keys are all accepted", () => {
    expect(configKeyProblems([...Object.keys(DEV.config), ...Object.keys(PROD.config)])).toEqual([]);
  });

  it("pulumi up refuses Azure-Native:location before declaring anything", async () => {
    vi.resetModules();
    const run = await runProgram({
      program: path.join(ROOT, "index.ts"), project: "entra-workloads", stack: DEV.stackName,
      config: { ...DEV.config, "Azure-Native:location": "northeurope" }, mocks: new AzureSimulator({ now: NOW }),
    });
    expect(isManifestError(run.error)).toBe(true);
    expect((run.error as Error).message).toContain("config Azure-Native:location: the namespace \"Azure-Native\" is not the azure-native provider's");
    expect(run.resources).toEqual([]);
  });
});
