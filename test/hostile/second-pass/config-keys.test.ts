import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { PROVIDER_KEYS } from "../../../stacks/manifest/checks/config-keys";
import { ROOT } from "../../support/program";
import { stackFileProblem, withConfig } from "./support";

describe("class 2, second pass: config keys the program or its providers would ignore", () => {
  it.each([
    ["Entra-Workloads:workloads", 'the namespace "Entra-Workloads" is not the program\'s', "entra-workloads:workloads"],
    ["entra_workloads:keyVault", 'the namespace "entra_workloads"', "entra-workloads:keyVault"],
    ["entra-workload:defaults", 'the namespace "entra-workload"', "entra-workloads:defaults"],
    ["ENTRA-WORKLOADS:workloads", 'the namespace "ENTRA-WORKLOADS"', "entra-workloads:workloads"],
    ["azure-native:locaton", 'the azure-native provider has no setting "locaton"', '"location"'],
    ["azure-native:Location", 'the azure-native provider has no setting "Location"', '"location"'],
    ["azuread:tenantID", 'the azuread provider has no setting "tenantID"', '"tenantId"'],
    ["entra-workloads:Workloads", "the program reads no such key", '"workloads"'],
    ["\"entra-workloads:workloads \"", "has surrounding spaces", '"workloads"'],
  ])("refuses %s, naming the key it meant", (key, why, meant) => {
    const message = stackFileProblem(withConfig(`  ${key}: {}\n`));
    expect(message).toContain(why);
    expect(message).toContain(meant);
  });

  it.each(["entra-workloads:NOW", "\"entra-workloads:now \"", "entra-workloads:Now"])("refuses a pinned clock spelt %s", (key) => {
    expect(stackFileProblem(withConfig(`  ${key}: 2026-11-23\n`))).toContain("a pinned clock does not belong in a stack file");
  });

  it.each(["entra-workloads:Workloads", "entra-workloads:owners", "Entra-Workloads:workloads", "azure-native:locaton"])(
    "an encrypted value on the unknown key %s is an unknown key, not one the program reads", (key) => {
      const message = stackFileProblem(withConfig(`  ${key}:\n    secure: AAABAJ2x8c0=\n`));
      expect(message).not.toContain("the program reads it");
      expect(message).toMatch(/no such key|is not the program's|has no setting/);
    });

  it.each(["azure-native:subscriptionId", "azure-native:useOidc", "azuread:tenantId", "azuread:environment", "azure-native:version", "pulumi:tags", "other:Thing"])("lets %s through", (key) => {
    expect(stackFileProblem(withConfig(`  ${key}: x\n`))).toBe("");
  });

  it.each(Object.keys(PROVIDER_KEYS))("the %s keys are those its SDK declares (config/vars.d.ts at the pinned version)", (pkg) => {
    const vars = readFileSync(path.join(ROOT, "node_modules", "@pulumi", pkg, "config", "vars.d.ts"), "utf8");
    const declared = [...vars.matchAll(/export declare const (\w+)/g)].map((m) => m[1]).sort();
    expect([...PROVIDER_KEYS[pkg]].sort()).toEqual(declared);
  });
});
