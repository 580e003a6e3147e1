import { describe, expect, it } from "vitest";
import { parseArmScope } from "../../model/arm-id";
import { parseManifest } from "../../stacks/manifest";

const SUB = "/subscriptions/00000000-0000-0000-0000-000000000001";
const VAULT = { name: "kv-app", resourceGroupName: "rg-app", create: true };
const roleOn = (scope: string) => parseManifest(
  { keyVault: VAULT, workloads: { app: { credentials: [{ type: "certificate" }], roles: [{ role: "Contributor", scope }] } } },
  { location: "westeurope" },
);

describe("ARM scopes are parsed strictly (issue 12)", () => {
  it.each([
    [`${SUB}/resourceGroups/rg-app/providers/x/../../../..`, /"\.\." segment/],
    [`${SUB}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/vm?api-version=1`, /"\?"/],
    [`${SUB}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/vm#frag`, /"#"/],
    [`${SUB}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/a%2F..%2Fb`, /"%"/],
    [`${SUB}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/vm one`, /U\+0020/],
    [`${SUB}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/vm\u200b`, /U\+200B/],
    [`${SUB}//resourceGroups/rg-app`, /empty segment/],
    [`${SUB}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines`, /type>\/<name> pairs/],
    [`${SUB}/resourceGroups/rg-app/providers/compute/virtualMachines/vm`, /not a resource provider namespace/],
    [`${SUB}/resourceGroups`, /resourceGroups without a name/],
    [`${SUB}/rg-app`, /where "providers" or "resourceGroups" belongs/],
    ["/providers/Microsoft.Management/managementGroups/mg/extra", /management group/],
    ["subscriptions/00000000-0000-0000-0000-000000000001", /starts with "\/"/],
  ])("refuses %s", (scope, why) => {
    const parsed = parseArmScope(scope);
    expect(parsed.scope).toBeUndefined();
    expect(parsed.problem).toMatch(why);
    const manifest = roleOn(scope);
    expect(manifest.errors).toContainEqual({ path: "workloads.app.roles[0].scope", message: expect.stringMatching(/is not an ARM id: /) as string });
  });

  it.each([
    [`${SUB}/resourceGroups/./providers/Microsoft.Compute/virtualMachines/vm`, '"."'],
    [`${SUB}/resourceGroups/../providers/Microsoft.Compute/virtualMachines/vm`, '"."'],
    [`${SUB}/resourceGroups/rg%2F..`, '"%"'],
    [`${SUB}/resourceGroups/rg app`, '" "'],
    [`${SUB}/resourceGroups/rg?x`, '"?"'],
  ])("refuses the resource group in %s by ARM's resource group rule", (scope, bad) => {
    const errors = roleOn(scope).errors;
    expect(errors.map((e) => e.path)).toContain("workloads.app.roles[0].scope");
    expect(errors.map((e) => e.message).join("\n")).toMatch(new RegExp(`the resource group .* is not a name ARM accepts: .*(${bad.replace(/[.?]/g, "\\$&")}|ends with a period)`));
  });

  it.each([
    [SUB, "subscription"],
    [`${SUB}/resourceGroups/rg-app`, "resourceGroup"],
    [`${SUB}/resourceGroups/rg.app(1)`, "resourceGroup"],
    [`${SUB}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/vm-1`, "resource"],
    [`${SUB}/resourceGroups/rg-app/providers/Microsoft.Storage/storageAccounts/st1/blobServices/default/containers/logs`, "resource"],
    [`${SUB}/providers/Microsoft.Security/pricings/default`, "resource"],
    [`${SUB}/providers/Microsoft.Insights/diagnosticSettings/ds-1`, "resource"],
    ["/providers/Microsoft.Management/managementGroups/mg-platform", "managementGroup"],
  ])("accepts %s as a %s scope", (scope, kind) => {
    expect(parseArmScope(scope).scope?.kind).toBe(kind);
    expect(roleOn(scope).errors).toEqual([]);
  });

  it("reports a subscription-level resource with its type and no resource group", () => {
    expect(parseArmScope(`${SUB}/providers/Microsoft.Security/pricings/default`).scope).toEqual({
      kind: "resource", subscriptionId: "00000000-0000-0000-0000-000000000001", resourceGroup: undefined, resourceType: "Microsoft.Security/pricings",
    });
  });
});
