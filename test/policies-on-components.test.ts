/**
 * The guardrails on resources our own components register (not hand-made property bags): the dev stack
 * trips none; a manifest asking for long-lived certificates, subscription-wide roles and no owners trips
 * exactly the rules that govern those, on the resources that carry them; a waiver names its resource by logical name.
 */
import { describe, expect, it } from "vitest";
import { evaluatePolicies } from "../preview/policy-evaluator";
import type { ProgramRun } from "../preview/runtime/run-program";
import { workloadOwners } from "../preview/plan/build";
import { NOW, VAULT, runManifest, runStack } from "./support/program";

function evaluate(run: ProgramRun, waivers: Parameters<typeof evaluatePolicies>[1]["waivers"] = []) {
  const owners = workloadOwners(run.resources);
  return evaluatePolicies(
    run.resources.filter((r) => r.custom).map((r) => ({ urn: r.urn, type: r.type, name: r.name, props: r.inputs, parent: r.parent, workload: owners.get(r.urn) })),
    { now: NOW, waivers },
  );
}

const SUB = "/subscriptions/00000000-0000-0000-0000-000000000000";

describe("policies on resources registered by our components", () => {
  it("the dev stack (S1–S5) passes every rule", async () => {
    const run = await runStack("stacks/Pulumi.dev.yaml");
    // Nothing mandatory; issue 17's advisory rules speak (secrets, pipeline-preview's pull_request trust, the open vault).
    expect(evaluate(run).filter((v) => v.enforcement === "mandatory")).toEqual([]);
    expect(new Set(evaluate(run).map((v) => v.policy))).toEqual(new Set(["no-client-secret", "federated-trust", "key-vault-network"]));
  });

  it("flags long certificates, subscription scope and missing owners on the resources that carry them", async () => {
    const run = await runManifest({
      keyVault: VAULT,
      workloads: { wide: { credentials: [{ type: "certificate", lifetimeDays: 730, rotateAfterDays: 365 }], roles: [{ role: "Reader", scope: SUB }] } },
    });
    expect(run.failures).toEqual([]);
    const found = evaluate(run).filter((v) => v.policy !== "key-vault-network").map((v) => [v.policy, v.enforcement, v.urn.split("::").pop()]);
    expect(found).toEqual(expect.arrayContaining([
      // Measured from now: the newest certificate (epoch 2, blue) has 403 days left; the previous one 38.
      ["certificate-lifetime", "mandatory", "wide-cert-blue"],
      ["broad-scope-role-assignment", "advisory", expect.stringMatching(/^wide-ra-reader-[0-9a-f]{8}$/)],
      ["application-owners", "advisory", "wide-app"],
    ]));
    expect(found).toHaveLength(3);
    expect(new Set(found.map(([p]) => p))).toEqual(new Set(["certificate-lifetime", "broad-scope-role-assignment", "application-owners"]));
  });

  it("a waiver naming a component's resource by logical name turns its finding into an advisory note", async () => {
    const run = await runManifest({ keyVault: VAULT, defaults: { owners: ["6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"] }, workloads: { ops: { credentials: [{ type: "secret" }], roles: [{ role: "Owner", scope: `${SUB}/resourceGroups/rg-ops` }] } } });
    const ra = run.resources.find((r) => r.name.startsWith("ops-ra-owner-"));
    expect(evaluate(run).filter((v) => v.enforcement === "mandatory").map((v) => v.policy)).toEqual(["privileged-role-assignment"]);
    const waived = evaluate(run, [{ rule: "privileged-role-assignment", resource: ra?.name ?? "", reason: "break-glass automation", approvedBy: "security@contoso.com", expires: "2027-01-31" }]);
    expect(waived.filter((v) => v.policy === "privileged-role-assignment")).toEqual([expect.objectContaining({ policy: "privileged-role-assignment", enforcement: "advisory", waiver: expect.stringContaining(ra?.name ?? "?") })]);
    expect(waived.filter((v) => v.enforcement === "mandatory")).toEqual([]);
  });
});
