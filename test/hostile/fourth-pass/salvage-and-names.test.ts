/**
 * Issue 12, fourth pass. (1) "A shape error in a workload hides every semantic problem in it": a list item with one
 * malformed field (an issuer that is a number, audiences that are no list, an unknown key) still takes part, by its
 * well-formed fields, in the checks that compare items: duplicate federated credential names, issuer + subject
 * uniqueness, one secret per workload, duplicate role assignments and role logical-name collisions, and flexible
 * credential names; no finding echoes the shape error. (2) Flexible federated credential names are compared with the
 * names unnamed federated credentials are deployed under (model/federated-rules.ts defaultFederatedName, the name
 * checks/federated.ts resolves and components/workload.ts sends), which Entra keeps in one namespace per application.
 */
import { describe, expect, it } from "vitest";
import { defaultFederatedName } from "../../../model/federated-rules";
import { parseManifest, type RawManifest } from "../../../stacks/manifest";
import { OWNERS, VAULT } from "../../support/program";

const GH = "https://token.actions.githubusercontent.com";
const MAIN = "repo:contoso/orders:ref:refs/heads/main";
const PROD = "repo:contoso/orders:environment:prod";
const SUB = "/subscriptions/00000000-0000-0000-0000-000000000000";
const EXPR = "claims['sub'] matches 'repo:contoso/orders:ref:refs/heads/*'";
const DERIVED = defaultFederatedName(GH, MAIN);
const fic = (extra: Record<string, unknown>) => ({ type: "federated", issuer: GH, subject: MAIN, ...extra });
const ffic = (extra: Record<string, unknown>) => ({ name: "gh-branches", issuer: GH, claimsMatchingExpression: EXPR, ...extra });
const of = (workloads: Record<string, unknown>): RawManifest => ({ keyVault: { ...VAULT, location: "westeurope" }, defaults: OWNERS, workloads });

/** [what, workloads, every problem as [path, message pattern]]: exactly these, nothing else. */
const CASES: [string, Record<string, unknown>, [string, RegExp][]][] = [
  ["a federated credential whose issuer is a number repeats an earlier one's name",
    { app: { credentials: [fic({ name: "ci-main" }), fic({ name: "ci-main", issuer: 5, subject: PROD })] } },
    [["workloads.app.credentials[1].issuer", /^must be a string$/], ["workloads.app.credentials[1].name", /"ci-main" is already used by credentials\[0\]/]]],
  ["a federated credential whose issuer is a number, named as a later one",
    { app: { credentials: [fic({ name: "ci-main", issuer: 5, subject: PROD }), fic({ name: "ci-main" })] } },
    [["workloads.app.credentials[0].issuer", /^must be a string$/], ["workloads.app.credentials[1].name", /"ci-main" is already used by credentials\[0\]/]]],
  ["a federated credential whose audiences are no list trusts the same issuer and subject as another",
    { app: { credentials: [fic({ name: "ci-one" }), fic({ name: "ci-two", audiences: "api://AzureADTokenExchange" })] } },
    [["workloads.app.credentials[1].audiences", /^must be a list$/], ["workloads.app.credentials[1]", /credentials\[0\] and credentials\[1\] trust the same issuer and subject/]]],
  ["an unnamed federated credential with malformed audiences: its derived name and its trust repeat another's",
    { app: { credentials: [fic({ audiences: 5 }), fic({})] } },
    [["workloads.app.credentials[0].audiences", /^must be a list$/], ["workloads.app.credentials[1].name", new RegExp(`"${DERIVED}" is already used by credentials\\[0\\]`)], ["workloads.app.credentials[1]", /trust the same issuer and subject/]]],
  ["a misspelt name key: no derived name is assumed, the trust still compared",
    { app: { credentials: [fic({ nmae: "ci-main" }), fic({ name: "ci-other" })] } },
    [["workloads.app.credentials[0].nmae", /unknown field "nmae" .*"name"/], ["workloads.app.credentials[1]", /trust the same issuer and subject/]]],
  ["a second secret whose lifetime is malformed",
    { app: { credentials: [{ type: "secret" }, { type: "secret", lifetimeDays: "lots" }] } },
    [["workloads.app.credentials[1].lifetimeDays", /^must be a number$/], ["workloads.app.credentials[1]", /only one secret credential per workload/]]],
  ["a first certificate whose rotation is malformed, a second one well-formed",
    { app: { credentials: [{ type: "certificate", rotateAfterDays: -1 }, { type: "certificate" }] } },
    [["workloads.app.credentials[0].rotateAfterDays", /./], ["workloads.app.credentials[1]", /only one certificate credential per workload/]]],
  ["a role assignment with an unknown key repeats another",
    { app: { roles: [{ role: "Reader", scope: SUB }, { role: "Reader", scope: SUB, conditon: "x" }] } },
    [["workloads.app.roles[1].conditon", /^unknown field "conditon"/], ["workloads.app.roles[1]", /duplicate role assignment: Reader/]]],
  ["a role assignment with an unknown key collides in logical name with a later one",
    { app: { roles: [{ role: "Azure Kubernetes Fleet Manager RBAC Cluster Admin", scope: SUB, note: 1 }, { role: "Azure Kubernetes Fleet Manager RBAC Cluster Reader", scope: SUB }] } },
    [["workloads.app.roles[0].note", /^unknown field "note"/], ["workloads.app.roles[1]", /would get one Pulumi logical name/]]],
  ["a role with an unknown key and an unknown role: only the shape error (its own findings are not judged)",
    { app: { roles: [{ role: "Ownr", scope: SUB, note: 1 }] } },
    [["workloads.app.roles[0].note", /^unknown field "note"/]]],
  ["a flexible credential whose issuer is a number repeats a later one's name",
    { app: { flexibleFederatedCredentials: [ffic({ issuer: 5 }), ffic({})] } },
    [["workloads.app.flexibleFederatedCredentials[0].issuer", /^must be a string$/], ["workloads.app.flexibleFederatedCredentials[1].name", /"gh-branches" is already the name of flexibleFederatedCredentials\[0\]/]]],
  ["a flexible credential named as a federated credential whose issuer is a number",
    { app: { credentials: [fic({ name: "gh-branches", issuer: 5 })], flexibleFederatedCredentials: [ffic({})] } },
    [["workloads.app.credentials[0].issuer", /^must be a string$/], ["workloads.app.flexibleFederatedCredentials[0].name", /"gh-branches" is already the name of credentials\[0\]/]]],
];

const NAME_CASES: [string, Record<string, unknown>, [string, RegExp][]][] = [
  ["a flexible credential named as an unnamed federated credential's derived name",
    { app: { credentials: [fic({})], flexibleFederatedCredentials: [ffic({ name: DERIVED })] } },
    [["workloads.app.flexibleFederatedCredentials[0].name", new RegExp(`"${DERIVED}" is already the name of credentials\\[0\\] \\(its name derived from issuer and subject\\)`)]]],
  ["the same, the unnamed credential second in the list and for another subject",
    { app: { credentials: [fic({ name: "ci-main" }), fic({ subject: PROD })], flexibleFederatedCredentials: [ffic({}), ffic({ name: defaultFederatedName(GH, PROD) })] } },
    [["workloads.app.flexibleFederatedCredentials[1].name", /is already the name of credentials\[1\] \(its name derived/]]],
  ["a derived name of another issuer is another name: no problem",
    { app: { credentials: [fic({ issuer: "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0", subject: "some-subject" })], flexibleFederatedCredentials: [ffic({ name: DERIVED })] } },
    []],
];

describe.each([["salvaged items", CASES], ["flexible vs derived names", NAME_CASES]] as const)("%s (issue 12, fourth pass)", (_group, cases) => {
  it.each(cases)("%s", (_what, workloads, expected) => {
    const result = parseManifest(of(workloads), { location: "westeurope", stack: "dev" });
    const got = result.errors.map((e) => `${e.path}: ${e.message}`);
    for (const [path, pattern] of expected) {
      expect(got.filter((line) => line.startsWith(`${path}: `) && pattern.test(line.slice(path.length + 2))), got.join("\n")).toHaveLength(1);
    }
    expect(got, "nothing else (no echo of the shape error)").toHaveLength(expected.length);
    if (expected.length > 0) expect(result.manifest).toBeUndefined();
    else expect(result.manifest?.workloads[0]?.flexibleFederatedCredentials?.[0]?.name).toBe(DERIVED);
  });
});
