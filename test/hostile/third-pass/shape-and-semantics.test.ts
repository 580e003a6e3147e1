/**
 * Issue 12, class "a shape error in a workload hides every semantic problem in it", third pass: shape errors inside
 * a map of fields (web, expose) hid every problem of the map; a shape error beside the collisions and duplicates the
 * third pass adds. One run names every real problem, none twice, none that only echoes a shape error.
 */
import { describe, expect, it } from "vitest";
import { parseManifest, type RawManifest } from "../../../stacks/manifest";
import { OWNERS, VAULT } from "../../support/program";

const SUB = "/subscriptions/00000000-0000-0000-0000-000000000000";
const USER = OWNERS.owners[0];
const ORDERS_API = { expose: { appRoles: [{ value: "Orders.Read", displayName: "Read", allowedMemberTypes: ["Application", "User"] }] } };
const web = (assignments: unknown[], extra: Record<string, unknown> = {}) => ({ web: { redirectUris: ["https://app.contoso.com/auth"], assignments, ...extra } });
const of = (workloads: Record<string, unknown>): RawManifest => ({ keyVault: VAULT, defaults: OWNERS, workloads });

/** [what, workloads, every problem as [path, message pattern]] */
const CASES: [string, Record<string, unknown>, [string, RegExp][]][] = [
  ["one sign-in assignment malformed, another naming an app role that does not exist",
    { app: { ...ORDERS_API, ...web([{ objectId: 5, type: "User" }, { objectId: USER, type: "User", role: "Orders.Rea" }]) } },
    [["workloads.app.web.assignments[0].objectId", /^must be a string$/], ["workloads.app.web.assignments[1].role", /exposes no app role "Orders.Rea" .*did you mean "Orders.Read"/]]],
  ["one sign-in assignment malformed, two others repeating each other",
    { app: { ...ORDERS_API, ...web([{ objectId: USER, type: "Usr", role: "Orders.Read" }, { objectId: USER, type: "User", role: "Orders.Read" }, { objectId: USER.toUpperCase(), type: "User", role: "Orders.Read" }]) } },
    [["workloads.app.web.assignments[0].type", /^must be one of User, Group$/], ["workloads.app.web.assignments[2]", /^repeats web.assignments\[1\]/]]],
  ["the only sign-in assignment malformed: not also 'nobody can sign in'",
    { app: { ...ORDERS_API, ...web([{ objectId: USER, type: "User", role: 5 }], { appRoleAssignmentRequired: true }), roles: [{ role: "Ownr", scope: SUB }] } },
    [["workloads.app.web.assignments[0].role", /^must be a string$/], ["workloads.app.roles[0].role", /^unknown Azure built-in role "Ownr"/]]],
  ["a web redirect URI malformed, another over http",
    { app: { web: { redirectUris: [5, "http://app.contoso.com/auth"] } } },
    [["workloads.app.web.redirectUris[0]", /^must be a string$/], ["workloads.app.web.redirectUris[1]", /http/]]],
  ["one app role malformed, another whose value a scope repeats",
    { app: { expose: { appRoles: [{ value: "A", displayName: 5 }, { value: "B", displayName: "b" }], scopes: [{ value: "B", adminConsentDisplayName: "b", adminConsentDescription: "b" }] } } },
    [["workloads.app.expose.appRoles[0].displayName", /^must be a string$/], ["workloads.app.expose.scopes[0].value", /^"B" is already the value of appRoles\[1\]/]]],
  ["one app role malformed, two others of one value",
    { app: { expose: { appRoles: [{ value: 5, displayName: "a" }, { value: "B", displayName: "b" }, { value: "B", displayName: "c" }] } } },
    [["workloads.app.expose.appRoles[0].value", /^must be a string$/], ["workloads.app.expose.appRoles[2].value", /^"B" is already the value of appRoles\[1\]/]]],
  ["one app role malformed: a workload asking for any of the API's roles is not judged",
    { orders: { expose: { appRoles: [{ value: "Orders.Write", displayName: 5 }, { value: "Orders.Read", displayName: "r" }] } }, client: { apiPermissions: [{ api: "orders", application: ["Orders.Write", "Orders.Rread"] }], roles: [{ role: "Ownr", scope: SUB }] } },
    [["workloads.orders.expose.appRoles[0].displayName", /^must be a string$/], ["workloads.client.roles[0].role", /^unknown Azure built-in role "Ownr"/]]],
  ["a role malformed beside two roles whose logical names collide",
    { app: { roles: [{ role: 5, scope: SUB }, { role: "Azure Kubernetes Fleet Manager RBAC Cluster Admin", scope: SUB }, { role: "Azure Kubernetes Fleet Manager RBAC Cluster Reader", scope: SUB }] } },
    [["workloads.app.roles[0].role", /^must be a string$/], ["workloads.app.roles[2]", /and roles\[1\] \(Azure Kubernetes Fleet Manager RBAC Cluster Admin\) would get one Pulumi logical name/]]],
  ["malformed credentials and roles beside a display name another workload has",
    { a: { displayName: "x", credentials: 5 }, b: { displayName: "x", roles: 7 } },
    [["workloads.a.credentials", /^must be a list$/], ["workloads.b.roles", /^must be a list$/], ["workloads.b.displayName", /^the application's display name "x" is already workloads.a's/]]],
  ["a malformed type: its display name is not compared (a managed identity has none)",
    { a: { displayName: "x" }, b: { type: "app", displayName: "x" } },
    [["workloads.b.type", /^must be one of application, managedIdentity$/]]],
];

describe("third pass: a shape error inside web or expose hides no other problem", () => {
  it.each(CASES)("%s", (_what, workloads, expected) => {
    const result = parseManifest(of(workloads), { location: "westeurope", stack: "dev" });
    expect(result.manifest).toBeUndefined();
    expect(result.errors.map((e) => e.path)).toEqual(expected.map(([path]) => path));
    result.errors.forEach((e, i) => expect(e.message).toMatch(expected[i][1]));
    expect(result.warnings.filter((w) => w.path.includes("appRoleAssignmentRequired"))).toEqual([]);
  });
});
