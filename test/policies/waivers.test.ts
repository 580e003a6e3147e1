import * as path from "node:path";
import * as authorization from "@pulumi/azure-native/authorization";
import * as azuread from "@pulumi/azuread";
import type { ResourceValidationArgs } from "@pulumi/policy";
import { beforeAll, describe, expect, it } from "vitest";
import { withWaivers, type ViolationReport } from "../../policies/apply-waivers";
import { packWithWaivers } from "../../policies/pack";
import { privilegedRoleAssignment, secretLifetime } from "../../policies/rules";
import { isExpired, loadWaivers, parseWaivers, WaiverFileError, type Waiver } from "../../policies/waivers";
import { daysFromNow, findings, installMocks, NOW, registered, roleDefinitionId, SUBSCRIPTION } from "./harness";

const waiver = (overrides: Partial<Waiver> = {}): Waiver => ({
  rule: "privileged-role-assignment",
  resource: "backup-operator-ra-0",
  reason: "Restores VMs across resource groups until the custom role ships (PLAT-1234)",
  approvedBy: "security-team@contoso.com",
  expires: "2026-12-31",
  ...overrides,
});

function ownerAssignment(name: string) {
  return new authorization.RoleAssignment(name, {
    principalId: "11111111-2222-4333-8444-555555555555",
    principalType: "ServicePrincipal",
    roleDefinitionId: roleDefinitionId("Owner"),
    scope: `${SUBSCRIPTION}/resourceGroups/rg-backup`,
  });
}

beforeAll(() => installMocks());

describe("applying waivers", () => {
  it("turns a matching, unexpired waiver's finding into an advisory note naming it", async () => {
    const resources = await registered(ownerAssignment("backup-operator-ra-0"));
    const [note, ...rest] = findings(resources, privilegedRoleAssignment, { waivers: [waiver()] });
    expect(rest).toEqual([]);
    expect(note).toMatchObject({ policy: "privileged-role-assignment", enforcement: "advisory", waiver: "privileged-role-assignment:backup-operator-ra-0" });
    expect(note.message).toContain("approved by security-team@contoso.com");
    expect(note.message).toContain('"Owner"');
  });

  it("matches a waiver by URN as well as by logical name", async () => {
    const resources = await registered(ownerAssignment("urn-waived-ra-0"));
    const result = findings(resources, privilegedRoleAssignment, { waivers: [waiver({ resource: resources[0].urn })] });
    expect(result.map((f) => f.enforcement)).toEqual(["advisory"]);
  });

  it("reports an expired waiver as a mandatory violation and leaves the finding mandatory", async () => {
    const resources = await registered(ownerAssignment("expired-waiver-ra-0"));
    const expired = waiver({ resource: "expired-waiver-ra-0", expires: "2026-05-31" });
    const result = findings(resources, privilegedRoleAssignment, { waivers: [expired] });
    expect(result.map((f) => [f.enforcement, f.waiver])).toEqual([["mandatory", undefined], ["mandatory", undefined]]);
    expect(result[0].message).toContain("expired on 2026-05-31");
    expect(result[1].message).toContain('"Owner"');
  });

  it("holds a date-only waiver through the whole of its last day (UTC)", () => {
    expect(isExpired(waiver({ expires: "2026-05-31" }), new Date("2026-05-31T23:59:59Z"))).toBe(false);
    expect(isExpired(waiver({ expires: "2026-05-31" }), new Date("2026-06-01T00:00:00Z"))).toBe(true);
    expect(isExpired(waiver({ expires: "2026-06-01T12:00:00Z" }), NOW)).toBe(false);
  });

  it("ignores a waiver for another rule", async () => {
    const resources = await registered(ownerAssignment("wrong-rule-ra-0"));
    const other = waiver({ rule: "broad-scope-role-assignment", resource: "wrong-rule-ra-0" });
    const result = findings(resources, privilegedRoleAssignment, { waivers: [other] });
    expect(result).toEqual([expect.objectContaining({ enforcement: "mandatory" })]);
    expect(result[0].waiver).toBeUndefined();
  });

  it("ignores a waiver for another resource", async () => {
    const resources = await registered(new azuread.ApplicationPassword("long-secret", { applicationId: "/applications/x", endDate: daysFromNow(400) }));
    const result = findings(resources, secretLifetime, { waivers: [waiver({ rule: "secret-lifetime", resource: "other-secret" })] });
    expect(result.map((f) => f.enforcement)).toEqual(["mandatory"]);
  });

  it("reports the waiver in the engine's object form, so `pulumi preview --policy-pack` shows it as advisory", () => {
    const reports: (string | ViolationReport)[] = [];
    const waived = withWaivers(privilegedRoleAssignment, [waiver()]);
    const validate = [waived.validateResource].flat()[0];
    if (!validate) throw new Error("no validation");
    expect((validate as { __pulumiType?: string }).__pulumiType).toBe("azure-native:authorization:RoleAssignment");
    const props = { principalType: "ServicePrincipal", roleDefinitionId: roleDefinitionId("Owner"), scope: SUBSCRIPTION };
    const args = {
      type: "azure-native:authorization:RoleAssignment", props, urn: "urn:x", name: "backup-operator-ra-0",
      isType: () => true, getConfig: () => ({}), notApplicable: () => { throw new Error("n/a"); },
    } as unknown as ResourceValidationArgs;
    void validate(args, (r: string | ViolationReport) => reports.push(r));
    expect(reports).toEqual([expect.objectContaining({ enforcementLevel: "advisory", waiver: "privileged-role-assignment:backup-operator-ra-0" })]);
  });
});

describe("the waiver file", () => {
  it("ships empty and valid", () => {
    expect(loadWaivers(path.join(__dirname, "../../policies/waivers.yaml"))).toEqual([]);
  });

  it("reads the documented format", () => {
    const text = [
      "waivers:",
      "  - rule: privileged-role-assignment",
      "    resource: backup-operator-ra-0",
      "    reason: Restores VMs across resource groups until the custom role ships (PLAT-1234)",
      "    approvedBy: security-team@contoso.com",
      "    expires: 2026-12-31",
    ].join("\n");
    expect(parseWaivers(text)).toEqual([waiver()]);
  });

  it("rejects an invalid file naming every problem by its path", () => {
    const text = [
      "waivers:",
      "  - rule: privileged-role-assignment",
      "    resource: a",
      "    reason: r",
      "    approvedBy: b",
      "    expires: 2026-12-31",
      "  - rule: secret-lifetim",
      "    resource: b",
      "    reason: r",
      "    approvedBy: c",
      "    expires: 2026-12-31",
      "  - rule: secret-lifetime",
      "    resource: c",
      "    reason: r",
      "    approvedBy: d",
      "    expires: next friday",
      "  - rule: secret-lifetime",
      "    resource: d",
      "    reason: r",
      "    expiry: 2026-12-31",
    ].join("\n");
    let error: unknown;
    try {
      parseWaivers(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WaiverFileError);
    const problems = (error as WaiverFileError).problems;
    expect(problems).toEqual([
      'waivers[1].rule: unknown rule "secret-lifetim" — did you mean "secret-lifetime", "certificate-lifetime" or "redirect-uri"?',
      'waivers[2].expires: "next friday" is not a date (use YYYY-MM-DD, or an ISO-8601 date-time with a zone)',
      "waivers[3].approvedBy: is required",
      "waivers[3].expires: is required",
      'waivers[3].expiry: unknown field — did you mean "expires", "item" or "reason"?',
    ]);
    expect((error as Error).message).toContain("policies/waivers.yaml is invalid");
  });

  it("rejects YAML that does not parse, with its line, column and the offending source line", () => {
    expect(() => parseWaivers("waivers:\n  - rule: [secret-lifetime\n    resource: x\n")).toThrow(
      /policies\/waivers\.yaml:3:\d+: .*\n\s+- rule: \[secret-lifetime\n/,
    );
  });
});

/** The analyzer @pulumi/policy runs under `pulumi preview --policy-pack` (internal, so untyped). */
type AnalyzeRpc = (call: { request: unknown }, callback: (error: unknown, response: { getDiagnosticsList(): EngineDiagnostic[] }) => void) => void;
interface EngineDiagnostic { getPolicyname(): string; getEnforcementlevel(): number; getMessage(): string; getDescription(): string }

describe("the Pulumi engine's analyzer", () => {
  it("reports the same findings and levels as the offline evaluator, waivers included", async () => {
    const server = (await import("@pulumi/policy/server")) as unknown as { makeAnalyzeRpcFun(...args: unknown[]): AnalyzeRpc };
    const analyzerPb = await import("@pulumi/pulumi/proto/analyzer_pb");
    const structPb = await import("google-protobuf/google/protobuf/struct_pb");
    const waivers = [waiver({ resource: "engine-waived-ra-0", expires: "2099-12-31" }), waiver({ resource: "engine-expired-ra-0", expires: "2026-01-31" })];
    const resources = await registered(ownerAssignment("engine-plain-ra-0"), ownerAssignment("engine-waived-ra-0"), ownerAssignment("engine-expired-ra-0"));
    // The engine judges expiry by the wall clock, so compare at the wall clock.
    const now = new Date();
    const analyze = server.makeAnalyzeRpcFun("entra-workloads", "0.1.0", "advisory", packWithWaivers(waivers, [privilegedRoleAssignment]));

    const levels: string[] = [];
    for (const resource of resources) {
      const request = new analyzerPb.AnalyzeRequest();
      request.setType(resource.type);
      request.setName(resource.name);
      request.setUrn(resource.urn);
      request.setProperties(structPb.Struct.fromJavaScript(resource.props as Record<string, never>));
      request.setOptions(new analyzerPb.AnalyzerResourceOptions());
      const response = await new Promise<{ getDiagnosticsList(): EngineDiagnostic[] }>((resolve, reject) =>
        analyze({ request }, (error, result) => (error ? reject(error instanceof Error ? error : new Error(JSON.stringify(error))) : resolve(result))));
      const engine = response.getDiagnosticsList().map((d) => ({
        policy: d.getPolicyname(),
        enforcement: d.getEnforcementlevel() === (analyzerPb.EnforcementLevel.MANDATORY as number) ? "mandatory" : "advisory",
        message: d.getMessage().replace(`${d.getDescription()}\n`, ""),
      }));
      const offline = findings([resource], privilegedRoleAssignment, { waivers, now }).map(({ policy, enforcement, message }) => ({ policy, enforcement, message }));
      expect(engine).toEqual(offline);
      levels.push(...engine.map((f) => `${resource.name}:${f.enforcement}`));
    }
    expect(levels).toEqual([
      "engine-plain-ra-0:mandatory", "engine-waived-ra-0:advisory", "engine-expired-ra-0:mandatory", "engine-expired-ra-0:mandatory",
    ]);
  });
});
