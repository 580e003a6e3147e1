import { readFileSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { expectFound, MICROSOFT_GRAPH_APP_ID, microsoftGraph, permission } from "../../model/catalog";
import { main } from "../../preview/cli/commands/drift";
import type { PlanFile, PlanResource, PlanWorkload } from "../../preview/plan/plan-file";
import { detectDrift } from "../../preview/tenant/drift";
import type { TenantSnapshot } from "../../preview/tenant/snapshot";

const FIXTURE = path.join(__dirname, "..", "fixtures", "tenant", "snapshot.json");
const documented = (): TenantSnapshot => JSON.parse(readFileSync(FIXTURE, "utf8")) as TenantSnapshot;
const NOW = new Date("2026-11-23T00:00:00Z");
const SP = "00af5dfb-85da-4b41-a677-0c6b86dd34f8";
const GRAPH = MICROSOFT_GRAPH_APP_ID;
const graphAppRole = (name: string): string => expectFound(permission(microsoftGraph(), name, "application")).id;

function resource(type: string, name: string, inputs: Record<string, unknown>, importId?: string): PlanResource {
  return { urn: `urn:pulumi:dev::entra-workloads::${type}::${name}`, type, name, dependsOn: [], inputs, ...(importId ? { import: importId } : {}) };
}

/** A plan that declares exactly what the documented tenant's "Display name" application holds (minus its leftovers). */
function plan(workloads: Partial<PlanWorkload>[] = [{}]): PlanFile {
  const w: PlanWorkload = {
    name: "display-name", kind: "application", credentials: [], roleAssignments: [], keyVaultSecrets: [],
    apiPermissions: [
      { api: "Microsoft Graph", apiAppId: GRAPH, kind: "application", name: "Mail.ReadWrite", id: graphAppRole("Mail.ReadWrite"), privilegeLevel: 3, adminConsent: false },
      ...["Policy.ReadWrite.ConditionalAccess", "Policy.Read.All", "User.Read", "Policy.ReadWrite.AuthenticationMethod"].map((name) => ({
        api: "Microsoft Graph", apiAppId: GRAPH, kind: "delegated" as const, name, id: null, privilegeLevel: null, adminConsent: false,
      })),
    ],
    ...workloads[0],
  };
  return {
    formatVersion: 1, stack: "dev", project: "entra-workloads", generatedAt: NOW.toISOString(), violations: [], workloads: [w],
    summary: { resources: 2, byType: {}, criticalPath: 1 },
    resources: [
      resource("azuread:index/application:Application", "display-name-app", { displayName: "Display name", owners: ["ce2ce14e-85d7-4629-bdbc-454d0519d987"] }, "/applications/03ef14b0-ca33-4840-8f4f-d6e91916010e"),
      resource("azuread:index/applicationPassword:ApplicationPassword", "display-name-secret-blue", { displayName: "Password friendly name", endDate: "2021-09-09T19:50:29Z" }),
    ],
  };
}

describe("drift", () => {
  it("reports an extra role assignment and federated credential, the extra first", () => {
    const report = detectDrift(documented(), plan(), { now: NOW });
    expect(report.matched).toEqual([{ workload: "display-name", by: "import id /applications/03ef14b0-ca33-4840-8f4f-d6e91916010e" }]);
    expect(report.findings.map((f) => [f.kind, f.change])).toEqual([
      ["roleAssignment", "extra"],
      ["federatedCredential", "extra"],
    ]);
    expect(report.findings[0].detail).toContain("role 0b5fe924-9a61-425c-96af-cfe6e287ca2d (not a built-in role) on /subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2 (privileged)");
  });

  it("reports a hand-added password with its end date, and the declared one that is gone", () => {
    const tenant = documented();
    tenant.applications[0].passwordCredentials[0].displayName = "added in the portal";
    const report = detectDrift(tenant, plan(), { now: NOW });
    const credentials = report.findings.filter((f) => f.kind === "credential");
    expect(credentials.map((f) => f.change)).toEqual(["extra", "missing"]);
    expect(credentials[0].detail).toContain('client secret "added in the portal" (key id f0b0b335-1d71-4883-8f98-567911bfdca6, hint [6g…) ends 2021-09-09');
    expect(credentials[0].endDateTime).toBe("2021-09-09T19:50:29.3086381Z");
  });

  it("reports grants, owners and roles beyond the declared ones, and declared ones that are missing", () => {
    const tenant = documented();
    tenant.applications[0].owners.push({ id: "11111111-1111-1111-1111-111111111111" });
    tenant.oauth2PermissionGrants[0].scope += " Mail.Send";
    const declared = plan([{
      apiPermissions: [{ api: "Microsoft Graph", apiAppId: GRAPH, kind: "application", name: "User.Read.All", id: graphAppRole("User.Read.All"), privilegeLevel: 4, adminConsent: true }],
      roleAssignments: [{ role: "Reader", roleDefinitionId: "0b5fe924-9a61-425c-96af-cfe6e287ca2d", scope: "/subscriptions/A925F2F7-5C63-4B7B-8799-25A5F97BC3B2/", privileged: false }],
    }]);
    const report = detectDrift(tenant, declared, { now: NOW, deployer: "ce2ce14e-85d7-4629-bdbc-454d0519d987" });
    const kinds = report.findings.map((f) => `${f.change} ${f.kind}: ${f.detail}`);
    expect(kinds.some((k) => k.startsWith("extra appRoleAssignment: Microsoft Graph application permission Mail.ReadWrite"))).toBe(true);
    expect(kinds.some((k) => k.startsWith("extra delegatedGrant: Microsoft Graph delegated permission Mail.Send is consented for all users"))).toBe(true);
    expect(kinds.some((k) => k.startsWith("extra owner: owner 11111111-1111-1111-1111-111111111111"))).toBe(true);
    expect(kinds.some((k) => k.startsWith("missing appRoleAssignment: Microsoft Graph application permission User.Read.All"))).toBe(true);
    // The role is declared (scope compared without case and trailing slash): not drift.
    expect(kinds.some((k) => k.includes("roleAssignment:"))).toBe(false);
    // Escalations first.
    const firstMissing = report.findings.findIndex((f) => !f.escalation);
    expect(report.findings.slice(firstMissing).every((f) => !f.escalation)).toBe(true);
  });

  it("matches by the stack outputs' ids when given, and lists workloads not in the tenant", () => {
    const other = plan();
    other.resources[0] = { ...other.resources[0], import: undefined, inputs: { displayName: "renamed" } };
    expect(detectDrift(documented(), other, { now: NOW }).notFound).toEqual(["display-name"]);
    const byOutputs = detectDrift(documented(), other, { now: NOW, deployedIds: { "display-name": { applicationObjectId: "03ef14b0-ca33-4840-8f4f-d6e91916010e", servicePrincipalObjectId: SP } } });
    expect(byOutputs.matched[0].by).toContain("stack outputs");
  });

  it("lists unmanaged credentials that end within the window", () => {
    const tenant = documented();
    tenant.applications[0].passwordCredentials[0].endDateTime = "2026-12-01T00:00:00Z";
    const report = detectDrift(tenant, { ...plan(), workloads: [], resources: [] }, { now: NOW, withinDays: 30 });
    expect(report.expiring).toEqual([{ application: "Display name", appId: "631a96bc-a705-4eda-9f99-fdaf9f54f6a2", type: "secret", name: "Password friendly name", endDateTime: "2026-12-01T00:00:00Z" }]);
    expect(detectDrift(tenant, { ...plan(), workloads: [], resources: [] }, { now: NOW, withinDays: 7 }).expiring).toEqual([]);
  });
});

describe("npm run drift", () => {
  const dir = os.tmpdir();
  const write = (name: string, data: unknown) => {
    const file = path.join(dir, `${process.pid}-${name}`);
    writeFileSync(file, JSON.stringify(data));
    return file;
  };
  const run = (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = main(args, { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) });
    return { code, out: out.join(""), err: err.join("") };
  };

  it("exits 5 on drift and writes drift.json in the documented shape", () => {
    const json = path.join(dir, `${process.pid}-drift.json`);
    const result = run(["--snapshot", FIXTURE, "--plan", write("plan.json", plan()), "--json", json, "--now", "2026-11-23"]);
    expect(result.code).toBe(5);
    expect(result.out).toContain("Tenant drift: `dev`");
    const findings = (JSON.parse(readFileSync(json, "utf8")) as { findings: Record<string, unknown>[] }).findings;
    expect(findings[0]).toMatchObject({ workload: "display-name", kind: "roleAssignment", change: "extra" });
    expect(typeof findings[0].detail).toBe("string");
  });

  it("exits 0 when the tenant holds exactly what the plan declares", () => {
    const tenant = documented();
    tenant.roleAssignments = [];
    tenant.federatedIdentityCredentials = {};
    const result = run(["--snapshot", write("clean.json", tenant), "--plan", write("plan.json", plan()), "--now", "2026-11-23"]);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    expect(result.out).toContain("No drift in stack dev");
  });

  it("exits 2 naming the missing snapshot key", () => {
    const { servicePrincipals: _s, ...broken } = documented();
    const result = run(["--snapshot", write("broken.json", broken), "--plan", write("plan.json", plan())]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/servicePrincipals is missing/);
    expect(run(["--plan", "x"]).code).toBe(2);
  });
});
