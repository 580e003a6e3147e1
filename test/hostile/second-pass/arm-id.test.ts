import { describe, expect, it } from "vitest";
import { parseArmScope } from "../../../model/arm-id";
import { parseManifest } from "../../../stacks/manifest";

const SUB = "/subscriptions/00000000-0000-0000-0000-000000000001";
const RG = `${SUB}/resourceGroups/rg-app`;
const VM = `${RG}/providers/Microsoft.Compute/virtualMachines/vm-1`;
const errorsFor = (scope: string) => parseManifest(
  { keyVault: { name: "kv-app", resourceGroupName: "rg-app", create: true }, workloads: { app: { credentials: [{ type: "certificate" }], roles: [{ role: "Reader", scope }] } } },
  { location: "westeurope" },
).errors;

describe("class 4, second pass: ARM ids", () => {
  it.each([
    [`${VM}/providers/Microsoft.Authorization/locks/lock-1`, "Microsoft.Authorization/locks"],
    [`${RG}/providers/Microsoft.Storage/storageAccounts/st1/providers/Microsoft.Insights/diagnosticSettings/ds`, "Microsoft.Insights/diagnosticSettings"],
    [`${VM}/extensions/ext/providers/Microsoft.Authorization/roleAssignments/x`, "Microsoft.Authorization/roleAssignments"],
    [`${RG}/providers/Microsoft.Web/sites/app/slots/staging`, "Microsoft.Web/sites/slots"],
    [`${RG}/providers/microsoft.compute/VIRTUALMACHINES/vm`, "microsoft.compute/VIRTUALMACHINES"],
    [`${SUB}/providers/Microsoft.Security/pricings/VirtualMachines`, "Microsoft.Security/pricings"],
  ])("reads %s as a resource of type %s (extension resources by their own type)", (scope, type) => {
    expect(parseArmScope(scope).scope).toMatchObject({ kind: "resource", resourceType: type });
  });

  it.each([
    [`${VM}/providers`, /namespace/],
    [`${VM}/providers/Microsoft.Authorization`, /type>\/<name> pairs/],
    [`${VM}/providers/Microsoft.Authorization/locks`, /type>\/<name> pairs/],
    [`${VM}/providers/authorization/locks/l`, /not a resource provider namespace/],
    [`/providers/Microsoft.Management/managementGroups/${"m".repeat(91)}`, /at most 90/],
    ["/providers/Microsoft.Management/managementGroups/mg.", /ends with a period/],
    ["/providers/Microsoft.Management/managementGroups/mg!", /characters ARM does not allow/],
    ["/providers/Microsoft.Management/managementGroups/mg\u200b", /U\+200B/],
    [`${VM}/%2e%2e`, /"%"/],
    [`${VM}\u00a0`, /U\+00A0/],
    [`${VM}\u2028x`, /U\+2028/],
    [`${VM}\tx`, /U\+0009/],
    [`${SUB}/resourceGroups/rg-app/providers/Microsoft\u2024Compute/virtualMachines/vm`, /not a resource provider namespace/],
    [`${SUB}/resourceGroups/rg-app/providers/\u041Cicrosoft.Compute/virtualMachines/vm`, /not a resource provider namespace/],
    ["/subscriptions/00000000-0000-0000-0000-00000000000\uff11", /not a subscription id/],
    ["/tenants/00000000-0000-0000-0000-000000000001", /not a subscription/],
  ])("refuses %s", (scope, why) => {
    expect(parseArmScope(scope).problem).toMatch(why);
    expect(errorsFor(scope).map((e) => e.path)).toContain("workloads.app.roles[0].scope");
  });

  it.each([`/providers/Microsoft.Management/managementGroups/${"m".repeat(90)}`, "/providers/microsoft.management/managementgroups/mg-(eu).1"])("accepts the management group %s", (scope) => {
    expect(parseArmScope(scope).scope?.kind).toBe("managementGroup");
  });

  it.each([[`${SUB}/resourceGroups/${"r".repeat(90)}`, true], [`${SUB}/resourceGroups/${"r".repeat(91)}`, false], [`${SUB}/resourceGroups/rg.`, false], [`${SUB}/resourceGroups/rg\u200b`, false]])(
    "the resource group in %s follows ARM's rule (accepted: %s)", (scope, ok) => {
      expect(errorsFor(scope).length === 0).toBe(ok);
    });

  it.each([`${VM}/`, `${RG}/`, `${SUB}/`])("a trailing slash on %s is the same scope (the manifest drops it)", (scope) => {
    expect(errorsFor(scope)).toEqual([]);
  });
});
