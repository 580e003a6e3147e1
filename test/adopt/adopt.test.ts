import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { main as adopt } from "../../preview/cli/commands/adopt";
import { main as drift } from "../../preview/cli/commands/drift";
import type { PlanFile } from "../../preview/plan/plan-file";
import { AzureRejection, AzureSimulator } from "../../simulator";
import { adoptedTenant } from "../../preview/tenant/simulated";
import type { TenantSnapshot } from "../../preview/tenant/snapshot";
import { runCommand } from "../support/cli";
import { ROOT } from "../support/program";

const SNAPSHOT = path.join(__dirname, "..", "fixtures", "tenant", "snapshot.json");
const documented = (): TenantSnapshot => JSON.parse(readFileSync(SNAPSHOT, "utf8")) as TenantSnapshot;
const NOW = "2026-11-23T00:00:00Z";
const APP_OBJECT_ID = "03ef14b0-ca33-4840-8f4f-d6e91916010e";
const APP_ID = "631a96bc-a705-4eda-9f99-fdaf9f54f6a2";
const SP_ID = "00af5dfb-85da-4b41-a677-0c6b86dd34f8";
const IDENTITY_ID = "/subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2/resourcegroups/rgName/providers/Microsoft.ManagedIdentity/userAssignedIdentities/identityName";
const DEPLOYER = "9c8d7e6f-5a4b-4c3d-8e2f-1a0b9c8d7e6f";

function capture(run: (io: { stdout(t: string): void; stderr(t: string): void }) => number) {
  const out: string[] = [];
  const err: string[] = [];
  const code = run({ stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) });
  return { code, out: out.join(""), err: err.join("") };
}

describe("npm run adopt, then plan and drift", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "adopt-"));
  const into = path.join(dir, "Pulumi.dev.yaml");
  const adopted = path.join(dir, "Pulumi.adopted.yaml");
  let adoptRun: ReturnType<typeof capture>;
  let plan: PlanFile;
  let planCode: number;

  beforeAll(async () => {
    copyFileSync(path.join(ROOT, "stacks", "Pulumi.dev.yaml"), into);
    adoptRun = capture((io) => adopt(["--snapshot", SNAPSHOT, "--into", into, "--app", "Display name", "--app", "identityName", "--out", adopted], io));
    const planned = await runCommand("plan", ["--stack-file", adopted, "--now", NOW, "--out", path.join(dir, "plan")]);
    planCode = planned.code;
    plan = JSON.parse(readFileSync(path.join(dir, "plan", "plan.json"), "utf8")) as PlanFile;
  }, 180_000);

  it("adds the workloads with their import ids and keeps the rest of the stack file, comments included", () => {
    expect(adoptRun.code).toBe(0);
    const before = readFileSync(into, "utf8");
    const after = readFileSync(adopted, "utf8");
    expect(after.startsWith(before.trimEnd())).toBe(true);
    expect(after).toContain("# S1: queries the platform Log Analytics workspace over REST with client id + secret.");
    expect(after).toMatch(/ {4}display-name:\n {6}displayName: Display name\n/);
    expect(after).toContain(`adopt:\n        id: ${APP_OBJECT_ID}\n        appId: ${APP_ID}\n        servicePrincipalId: ${SP_ID}`);
    expect(after).toContain(`    identityname:\n      type: managedIdentity\n      resourceGroupName: rgName\n      location: eastus`);
  });

  it("adopts an app holding Microsoft Graph application permissions with a rotating certificate, not its secret (no-client-secret)", () => {
    const after = readFileSync(adopted, "utf8");
    expect(after).toMatch(/ {4}display-name:\n(?: {6}.*\n)*? {6}credentials:\n {8}- type: certificate\n/);
    expect(after).not.toMatch(/ {4}display-name:\n(?: {6}.*\n)*? {8}- type: secret\n/);
    expect(adoptRun.out).toContain("adopted with a rotating certificate instead (the no-client-secret guardrail refuses a secret here)");
  });

  it("reports what it found that the manifest does not keep", () => {
    expect(adoptRun.out).toContain('client secret "Password friendly name" (key id f0b0b335-1d71-4883-8f98-567911bfdca6) ends 2021-09-09: unmanaged');
    expect(adoptRun.out).toContain("role assignment b0f43c54-e787-4862-89b1-a653fa9cf747: role 0b5fe924-9a61-425c-96af-cfe6e287ca2d (not a built-in role)");
    expect(adoptRun.out).toContain('federated credential "ficResourceName"');
  });

  it("plans (exit 0) with the import ids on the adopted resources and the existing client ids", () => {
    expect(planCode).toBe(0);
    const imported = plan.resources.filter((r) => r.import !== undefined).map((r) => [r.name, r.import]);
    expect(imported).toEqual([
      ["display-name-app", `/applications/${APP_OBJECT_ID}`],
      ["display-name-sp", `/servicePrincipals/${SP_ID}`],
      ["identityname-identity", IDENTITY_ID],
    ]);
    const byName = new Map(plan.resources.map((r) => [r.name, r]));
    expect(byName.get("display-name-app")?.inputs.displayName).toBe("Display name");
    expect(byName.get("display-name-sp")?.inputs.clientId).toBe(APP_ID);
    expect(byName.get("identityname-identity")?.inputs.resourceName).toBe("identityName");
    const clientIdSecret = (name: string) => (byName.get(name)?.inputs.properties as { value?: string } | undefined)?.value;
    expect(clientIdSecret("display-name-kv-client-id")).toBe(APP_ID);
    expect(clientIdSecret("identityname-kv-client-id")).toBe("4024ab25-56a8-4370-aea6-6389221caf29");
    expect(plan.assumptions).toContain(`application ${APP_OBJECT_ID} (client id ${APP_ID}) exists, as workloads.display-name.adopt says; pulumi up imports it`);
  });

  it("drift on the snapshot reports the hand-added password and the extra role assignment (exit 5)", () => {
    const json = path.join(dir, "drift.json");
    const result = capture((io) => drift(["--snapshot", SNAPSHOT, "--plan", path.join(dir, "plan", "plan.json"), "--json", json, "--now", NOW], io));
    expect(result.code).toBe(5);
    const findings = (JSON.parse(readFileSync(json, "utf8")) as { findings: { workload: string; kind: string; change: string; detail: string }[] }).findings;
    const extras = findings.filter((f) => f.change === "extra").map((f) => `${f.workload} ${f.kind}`);
    expect(extras).toEqual(expect.arrayContaining(["display-name credential", "display-name roleAssignment", "display-name federatedCredential", "identityname federatedCredential"]));
    expect(findings.find((f) => f.kind === "credential" && f.change === "extra")?.detail).toContain('client secret "Password friendly name"');
    // The consented permissions are declared (adminConsent: false keeps the existing consent): not drift.
    expect(findings.some((f) => f.kind === "appRoleAssignment" || f.kind === "delegatedGrant")).toBe(false);
    expect(findings.findIndex((f) => f.change === "missing")).toBeGreaterThan(findings.findIndex((f) => f.change === "extra"));
  });

  it("drift on the tenant as the first pulumi up leaves it, with the leftovers retired, finds nothing (exit 0)", () => {
    const tenant = documented();
    const app = tenant.applications[0];
    // What the deployment does: the app holds Microsoft Graph application permissions, so it is adopted with a rotating
    // certificate (no-client-secret); the two certificates appear (Graph's keyCredential shape), the old secret is
    // retired by hand, and the deployer owns the app.
    app.keyCredentials = plan.resources
      .filter((r) => r.type === "azuread:index/applicationCertificate:ApplicationCertificate" && r.name.startsWith("display-name-"))
      .map((r, i) => ({ keyId: `f0b0b335-1d71-4883-8f98-56791100000${i}`, displayName: `CN=display-name-adopted`, type: "AsymmetricX509Cert", usage: "Verify", endDateTime: String(r.inputs.endDate) }));
    expect(app.keyCredentials).toHaveLength(2);
    app.passwordCredentials = [];
    app.owners.push({ "@odata.type": "#microsoft.graph.servicePrincipal", id: DEPLOYER });
    // What the report asked to retire by hand: the role assignment and the federated credentials nobody declared.
    tenant.roleAssignments = [];
    tenant.federatedIdentityCredentials = {};
    tenant.userAssignedIdentities[0].federatedIdentityCredentials = [];
    const clean = path.join(dir, "clean.json");
    writeFileSync(clean, JSON.stringify(tenant));
    const result = capture((io) => drift(["--snapshot", clean, "--plan", path.join(dir, "plan", "plan.json"), "--deployer", DEPLOYER, "--now", NOW], io));
    expect(result.err).toBe("");
    expect(result.out).toContain("No drift in stack adopted");
    expect(result.code).toBe(0);
  });

  it("exits 2 naming the key of a bad snapshot", () => {
    const { roleAssignments: _r, ...broken } = documented();
    const file = path.join(dir, "broken.json");
    writeFileSync(file, JSON.stringify(broken));
    const result = capture((io) => adopt(["--snapshot", file, "--into", into, "--app", "Display name"], io));
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/roleAssignments is missing/);
    expect(capture((io) => adopt(["--snapshot", SNAPSHOT, "--into", into, "--app", "nobody"], io)).err).toMatch(/--app nobody: no application/);
  });
});

describe("imports in the simulator", () => {
  const app = (sim: AzureSimulator) => sim.newResource({ type: "azuread:index/application:Application", name: "x-app", inputs: { displayName: "x" }, provider: "", custom: true, id: `/applications/${APP_OBJECT_ID}` });

  it("answers an import with the tenant's ids", () => {
    const sim = new AzureSimulator({ tenant: { existing: { applications: [{ id: APP_OBJECT_ID, appId: APP_ID }] } } });
    expect(app(sim)).toMatchObject({ id: `/applications/${APP_OBJECT_ID}`, state: { objectId: APP_OBJECT_ID, clientId: APP_ID } });
  });

  it("refuses to import what the tenant does not hold (Request_ResourceNotFound)", () => {
    const sim = new AzureSimulator({ tenant: { existing: {} } });
    expect(() => app(sim)).toThrow(AzureRejection);
    expect(() => app(sim)).toThrow(/Request_ResourceNotFound/);
  });

  it("takes the adopted identities from the stack config's adopt blocks", () => {
    const config = { "entra-workloads:workloads": JSON.stringify({ a: { adopt: { id: APP_OBJECT_ID, appId: APP_ID, servicePrincipalId: SP_ID } }, b: {} }) };
    expect(adoptedTenant(config)).toEqual({ existing: {
      applications: [{ id: APP_OBJECT_ID, appId: APP_ID, declaredBy: "workloads.a.adopt" }],
      servicePrincipals: [{ id: SP_ID, appId: APP_ID, declaredBy: "workloads.a.adopt" }],
      userAssignedIdentities: [],
    } });
    expect(adoptedTenant({ "entra-workloads:workloads": "{}" })).toEqual({});
  });
});
