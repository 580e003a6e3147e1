import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { durationMs, parseAppManagementPolicy, AppManagementPolicyError } from "../../simulator/app-management-policy";
import { runCommand } from "../support/cli";
import { NOW, OWNERS, VAULT, runManifest } from "../support/program";
import { guardrailsCases, tenantPolicy } from "./guardrails.cases";
import { conformance } from "./run";

conformance("guardrails", guardrailsCases);

const secret120 = { keyVault: VAULT, defaults: OWNERS, workloads: { app: { credentials: [{ type: "secret", lifetimeDays: 120 }] } } };
const lifetime = (extra: Record<string, unknown>) => tenantPolicy([{ restrictionType: "passwordLifetime", maxLifetime: "P90D", ...extra }]);

describe("the tenant's app management policy", () => {
  it("plans a 120-day secret when the policy allows 150 days, or is disabled", async () => {
    const longer = await runManifest(secret120, undefined, "test", { appManagementPolicy: tenantPolicy([{ restrictionType: "passwordLifetime", maxLifetime: "P150D" }]) });
    expect(longer.failures).toEqual([]);
    const disabled = await runManifest(secret120, undefined, "test", { appManagementPolicy: { ...lifetime({}), isEnabled: false } });
    expect(disabled.failures).toEqual([]);
  });

  it("applies a restriction only to applications created after restrictForAppsCreatedAfterDateTime, and not when its state is disabled", async () => {
    const future = new Date(NOW.getTime() + 86_400_000).toISOString();
    expect((await runManifest(secret120, undefined, "test", { appManagementPolicy: lifetime({ restrictForAppsCreatedAfterDateTime: future }) })).failures).toEqual([]);
    const past = new Date(NOW.getTime() - 86_400_000).toISOString();
    expect((await runManifest(secret120, undefined, "test", { appManagementPolicy: lifetime({ restrictForAppsCreatedAfterDateTime: past }) })).failures).not.toEqual([]);
    expect((await runManifest(secret120, undefined, "test", { appManagementPolicy: lifetime({ state: "disabled" }) })).failures).toEqual([]);
  });

  it("reads the Graph docs' own GET example response (disabled, no restrictions)", () => {
    const docsGet = {
      "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#policies/defaultAppManagementPolicy/$entity",
      "@odata.id": "https://graph.microsoft.com/v2/927c6607-8060-4f4a-a5f8-34964ac78d70/defaultAppManagementPolicy/00000000-0000-0000-0000-000000000000",
      id: "00000000-0000-0000-0000-000000000000",
      displayName: "Default app management tenant policy",
      description: "Default tenant policy that enforces app management restrictions on applications and service principals. To apply policy to targeted resources, create a new policy under appManagementPolicies collection.",
      isEnabled: false,
      applicationRestrictions: { passwordCredentials: [], keyCredentials: [] },
      servicePrincipalRestrictions: { passwordCredentials: [], keyCredentials: [] },
    };
    expect(parseAppManagementPolicy(docsGet, "get.json").isEnabled).toBe(false);
  });

  it("reads the restrictions of the Graph docs' update example, durations included", () => {
    const policy = tenantPolicy([
      { restrictionType: "passwordAddition", maxLifetime: null, restrictForAppsCreatedAfterDateTime: "2021-01-01T10:37:00Z" },
      { restrictionType: "passwordLifetime", maxLifetime: "P4DT12H30M5S", restrictForAppsCreatedAfterDateTime: "2017-01-01T10:37:00Z" },
      { restrictionType: "symmetricKeyAddition", maxLifetime: null, restrictForAppsCreatedAfterDateTime: "2021-01-01T10:37:00Z" },
      { restrictionType: "customPasswordAddition", maxLifetime: null, restrictForAppsCreatedAfterDateTime: "2015-01-01T10:37:00Z" },
      { restrictionType: "symmetricKeyLifetime", maxLifetime: "P40D", restrictForAppsCreatedAfterDateTime: "2015-01-01T10:37:00Z" },
    ], [{ restrictionType: "asymmetricKeyLifetime", maxLifetime: "P30D", restrictForAppsCreatedAfterDateTime: "2015-01-01T10:37:00Z" }]);
    expect(policy.applicationRestrictions?.passwordCredentials).toHaveLength(5);
    expect(durationMs("P4DT12H30M5S")).toBe((((4 * 24 + 12) * 60 + 30) * 60 + 5) * 1000);
    expect(durationMs("P90D")).toBe(90 * 86_400_000);
  });

  it("rejects a file that is not the policy, naming the path", () => {
    expect(() => parseAppManagementPolicy({ isEnabled: "yes" }, "p.json")).toThrow(AppManagementPolicyError);
    expect(() => parseAppManagementPolicy({ isEnabled: true, applicationRestrictions: { passwordCredentials: [{ restrictionType: "passwordLifetime", maxLifetime: "90 days" }] } }, "p.json"))
      .toThrow(/applicationRestrictions\.passwordCredentials\.0\.maxLifetime: "90 days" is not an ISO-8601 duration/);
  });
});

describe("npm run plan -- --tenant-policy FILE", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "tenant-policy-"));
  const write = (name: string, body: unknown) => {
    const file = path.join(dir, name);
    writeFileSync(file, typeof body === "string" ? body : JSON.stringify(body, null, 2));
    return file;
  };
  const graphResponse = (maxLifetime: string) => ({
    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#policies/defaultAppManagementPolicy/$entity",
    id: "00000000-0000-0000-0000-000000000000",
    displayName: "Default app management tenant policy",
    isEnabled: true,
    applicationRestrictions: { passwordCredentials: [{ restrictionType: "passwordLifetime", maxLifetime, restrictForAppsCreatedAfterDateTime: "2017-01-01T10:37:00Z" }], keyCredentials: [] },
    servicePrincipalRestrictions: { passwordCredentials: [], keyCredentials: [] },
  });

  it("exits 3 on the dev stack when the tenant allows 30-day secrets, naming the credential and quoting the restriction; plans it under P90D", async () => {
    const strict = await runCommand("plan", ["--tenant-policy", write("p30.json", graphResponse("P30D")), "--now", "2026-11-23", "--out", path.join(dir, "a")]);
    expect(strict.code).toBe(3);
    expect(strict.stderr).toMatch(/^pat-manager-secret-(blue|green) \[azuread:index\/applicationPassword:ApplicationPassword\]: CredentialInvalidLifetimeAsPerAppPolicy: .*restrictionType: passwordLifetime, maxLifetime: P30D/m);
    const dev = await runCommand("plan", ["--tenant-policy", write("p90.json", graphResponse("P90D")), "--now", "2026-11-23", "--out", path.join(dir, "b")]);
    expect(dev.code, dev.stderr).toBe(0);
  });

  it("exits 2 on a file that is not the policy, naming the flag and the path", async () => {
    const r = await runCommand("plan", ["--tenant-policy", write("bad.json", { isEnabled: "yes" }), "--out", path.join(dir, "c")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--tenant-policy");
    expect(r.stderr).toContain("isEnabled");
  });
});
