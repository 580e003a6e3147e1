import { describe, expect, it } from "vitest";
import { isManifestError } from "../../stacks/manifest";
import { exposedAppRoleId } from "../../model/exposed-api";
import { diffPlans } from "../../preview/diff";
import { renderAccessReport } from "../../preview/report/access-report";
import type { WorkloadSummary } from "../../model/summary";
import { plan, workload } from "../gitops/fixtures";
import { named, ofType, OWNERS, runManifest, T, VAULT } from "../support/program";

const GROUP = "3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a9f";
const USER = "7d6c5b4a-3f2e-4d1c-8b0a-9f8e7d6c5b4a";
const web = (extra: Record<string, unknown> = {}) => ({ redirectUris: ["https://shop.contoso.com/signin-oidc"], ...extra });
const stack = (shop: Record<string, unknown>) => ({ keyVault: VAULT, defaults: OWNERS, workloads: { "shop-web": shop } });

describe("sign-in applications", () => {
  it("only assigned groups and users sign in: appRoleAssignmentRequired on the service principal, one assignment each", async () => {
    const run = await runManifest(stack({
      web: web({ appRoleAssignmentRequired: true, logoutUrl: "https://shop.contoso.com/signout-oidc", assignments: [{ objectId: GROUP, type: "Group" }] }),
      spa: { redirectUris: ["https://shop.contoso.com/spa"] },
      publicClient: { redirectUris: ["http://localhost"] },
      serviceManagementReference: "CMDB-4711",
      groupMembershipClaims: ["SecurityGroup"],
    }));
    expect(run.error, String(run.error)).toBeUndefined();
    expect(run.failures).toEqual([]);
    expect(named(run, "shop-web-sp").inputs.appRoleAssignmentRequired).toBe(true);
    const app = named(run, "shop-web-app").inputs;
    expect(app).toMatchObject({
      web: { logoutUrl: "https://shop.contoso.com/signout-oidc" },
      singlePageApplication: { redirectUris: ["https://shop.contoso.com/spa"] },
      publicClient: { redirectUris: ["http://localhost"] },
      serviceManagementReference: "CMDB-4711",
      groupMembershipClaims: ["SecurityGroup"],
    });
    const [assignment] = ofType(run, T.appRoleAssignment);
    expect(assignment.inputs).toMatchObject({ appRoleId: "00000000-0000-0000-0000-000000000000", principalObjectId: GROUP });
    const summary = (run.outputs.workloads as Record<string, WorkloadSummary>)["shop-web"];
    expect(summary.signIn).toEqual({ appRoleAssignmentRequired: true, assignments: [{ objectId: GROUP, principalType: "Group" }] });
  });

  it("assigns a user to an app role the workload exposes to users, by its stable id", async () => {
    const run = await runManifest(stack({
      web: web({ appRoleAssignmentRequired: true, assignments: [{ objectId: USER, type: "User", role: "Shop.Admin" }] }),
      expose: { appRoles: [{ value: "Shop.Admin", displayName: "Administer the shop", allowedMemberTypes: ["User"] }] },
    }));
    expect(run.failures).toEqual([]);
    const [assignment] = ofType(run, T.appRoleAssignment);
    expect(assignment.inputs.appRoleId).toBe(exposedAppRoleId("shop-web", "Shop.Admin"));
  });

  it("refuses the default access on an app with app roles, an unknown role, and a bad logout URL (exit 2, with paths)", async () => {
    const run = await runManifest(stack({
      web: web({ logoutUrl: "ftp://shop.contoso.com/out", assignments: [{ objectId: GROUP, type: "Group" }, { objectId: USER, type: "User", role: "Shop.Admn" }] }),
      expose: { appRoles: [{ value: "Shop.Admin", displayName: "Administer the shop", allowedMemberTypes: ["User"] }] },
    }));
    expect(isManifestError(run.error)).toBe(true);
    if (!isManifestError(run.error)) return;
    const byPath = Object.fromEntries(run.error.problems.map((p) => [p.path, p.message]));
    expect(byPath["workloads.shop-web.web.assignments[0]"]).toMatch(/default access, which Graph accepts only on an application that declares no app roles/);
    expect(byPath["workloads.shop-web.web.assignments[1].role"]).toMatch(/did you mean "Shop.Admin"/);
    expect(byPath["workloads.shop-web.web.logoutUrl"]).toMatch(/must be http or https/);
  });

  it("the report says who may sign in; turning assignment off is an escalation in the access diff", () => {
    const signedIn = (required: boolean) => plan([workload("shop-web", { signIn: { appRoleAssignmentRequired: required, assignments: [{ objectId: GROUP, principalType: "Group" }] } })]);
    expect(renderAccessReport(signedIn(true))).toContain(`**Who may sign in**: only assigned users and groups: Group \`${GROUP}\``);
    const opened = diffPlans(signedIn(true), signedIn(false));
    expect(opened.changes.map((c) => [c.kind, c.change, c.escalation])).toEqual([["workload", "changed", true]]);
    expect(diffPlans(signedIn(false), signedIn(true)).changes.every((c) => !c.escalation)).toBe(true);
  });
});
