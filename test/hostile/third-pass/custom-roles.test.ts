/**
 * Issue 12, class "an unknown role GUID at subscription scope is reported privileged but only advisory", third pass:
 * a custom role GUID at every scope level is a mandatory privileged-role-assignment finding, waivable by its item
 * `<guid>@<scope>`; the item compares as ARM compares (a role GUID in any case, a built-in role by GUID or name, a
 * scope with a trailing slash); a waiver item that matches no finding is warned about instead of silently waiving
 * nothing.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { workloadWaiversFor } from "../../../policies/apply-waivers";
import { parseWaivers } from "../../../policies/waivers";
import { runCommand } from "../../support/cli";
import type { PlanFile } from "../../../preview/plan/plan-file";
import { readFileSync } from "node:fs";
import { expectFound, role } from "../../../model/catalog";

const SUB = "/subscriptions/00000000-0000-0000-0000-000000000000";
const CUSTOM = "abcdef01-2345-4678-9abc-def012345678";
const OWNER_ID = expectFound(role("Owner")).id;
const SCOPES = [
  "/providers/Microsoft.Management/managementGroups/mg-1",
  SUB,
  `${SUB}/resourceGroups/rg-app`,
  `${SUB}/resourceGroups/rg-app/providers/Microsoft.Storage/storageAccounts/st1`,
  `${SUB}/resourceGroups/rg-app/providers/Microsoft.Storage/storageAccounts/st1/blobServices/default/containers/c1`,
];

const waiver = (item: string) => parseWaivers(stringify({ waivers: [{ rule: "privileged-role-assignment", workload: "custom", item, reason: "r", approvedBy: "a", expires: "2027-01-01" }] }));
const target = { urn: "urn:pulumi:dev::entra-workloads::entra-workloads:index:Workload$entra-workloads:index:RoleAssignments$azure-native:authorization:RoleAssignment::x", name: "x", workload: "custom" };

describe("a waiver item compares as ARM compares role and scope", () => {
  it.each([
    [`${CUSTOM.toUpperCase()}@${SUB}/resourceGroups/RG-App`, `${CUSTOM}@${SUB}/resourceGroups/rg-app`],
    [`${CUSTOM}@${SUB}/resourceGroups/rg-app/`, `${CUSTOM}@${SUB}/resourceGroups/rg-app`],
    [`${CUSTOM}@${SUB}//`, `${CUSTOM}@${SUB}`],
    [`${OWNER_ID.toUpperCase()}@${SUB}/resourceGroups/rg-x`, `Owner@${SUB}/resourceGroups/rg-x`],
    [`${OWNER_ID}@${SUB}/resourceGroups/rg-x/`, `Owner@${SUB}/resourceGroups/rg-x`],
  ])("%s waives the finding %s", (written, finding) => {
    expect(workloadWaiversFor(waiver(written), "privileged-role-assignment", target, finding)).toHaveLength(1);
  });

  it.each([
    [`${CUSTOM}@${SUB}/resourceGroups/rg-ap`, `${CUSTOM}@${SUB}/resourceGroups/rg-app`],
    [`${CUSTOM}@${SUB}`, `${CUSTOM}@${SUB}/resourceGroups/rg-app`],
    [`Reader@${SUB}/resourceGroups/rg-x`, `Owner@${SUB}/resourceGroups/rg-x`],
  ])("%s does not waive %s", (written, finding) => {
    expect(workloadWaiversFor(waiver(written), "privileged-role-assignment", target, finding)).toHaveLength(0);
  });
});

describe("npm run plan: custom roles at every scope level", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "hostile3-roles-"));
  const stackFile = path.join(dir, "Pulumi.roles.yaml");
  writeFileSync(stackFile, stringify({ config: {
    "azure-native:location": "westeurope",
    "entra-workloads:keyVault": { name: "kv-app", resourceGroupName: "rg-app", create: true },
    "entra-workloads:workloads": { custom: { type: "managedIdentity", resourceGroupName: "rg", roles: [
      ...SCOPES.map((scope) => ({ role: CUSTOM.toUpperCase(), scope })),
      { role: OWNER_ID.toUpperCase(), scope: `${SUB}/resourceGroups/rg-x` },
    ] } },
  } }));
  const waivers = path.join(dir, "waivers.yaml");
  writeFileSync(waivers, stringify({ waivers: [
    { rule: "privileged-role-assignment", workload: "custom", item: `${CUSTOM.toUpperCase()}@${SCOPES[2].toUpperCase()}/`, reason: "r", approvedBy: "a", expires: "2027-01-01" },
    { rule: "privileged-role-assignment", workload: "custom", item: `${OWNER_ID.toUpperCase()}@${SUB}/resourceGroups/rg-x`, reason: "r", approvedBy: "a", expires: "2027-01-01" },
    { rule: "privileged-role-assignment", workload: "custom", item: `${CUSTOM}@${SUB}/resourceGroups/rg-ap`, reason: "r", approvedBy: "a", expires: "2027-01-01" },
  ] }));

  it("each is mandatory, a waiver by item holds however it is written, a misspelt item is warned about", async () => {
    const out = path.join(dir, "out");
    const result = await runCommand("plan", ["--stack-file", stackFile, "--out", out, "--now", "2026-11-23", "--waivers", waivers]);
    expect(result.code).toBe(1);
    const plan = JSON.parse(readFileSync(path.join(out, "plan.json"), "utf8")) as PlanFile;
    const privileged = plan.violations.filter((v) => v.policy === "privileged-role-assignment");
    expect(privileged.map((v) => [v.item, v.enforcement]).sort()).toEqual([
      ...SCOPES.map((scope) => [`${CUSTOM}@${scope}`, scope === SCOPES[2] ? "advisory" : "mandatory"]),
      [`Owner@${SUB}/resourceGroups/rg-x`, "advisory"],
    ].sort());
    expect(result.stderr).toMatch(/warning: waivers\[2\] \(privileged-role-assignment\) names item "abcdef01-[^"]*rg-ap" of workload "custom", which no finding of stack roles has/);
    expect(result.stderr).not.toMatch(/waivers\[[01]\]/);
  }, 60_000);
});
