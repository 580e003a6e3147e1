import * as azuread from "@pulumi/azuread";
import { beforeAll, describe, expect, it } from "vitest";
import { MICROSOFT_GRAPH_APP_ID } from "../../components/catalog";
import { privilegedGraphPermission } from "../../policies/rules";
import { findings, graphAppRoleId, installMocks, registered } from "./harness";

const GRAPH_SP = "99999999-0000-4000-8000-000000000003";
const WORKLOAD_SP = "99999999-0000-4000-8000-000000000004";

function consent(name: string, permission: string) {
  return new azuread.AppRoleAssignment(name, { appRoleId: graphAppRoleId(permission), principalObjectId: WORKLOAD_SP, resourceObjectId: GRAPH_SP });
}

function app(name: string, roles: string[]) {
  return new azuread.Application(name, {
    displayName: name,
    owners: ["00000000-0000-4000-8000-00000000000a"],
    requiredResourceAccesses: [{ resourceAppId: MICROSOFT_GRAPH_APP_ID, resourceAccesses: roles.map((r) => ({ id: graphAppRoleId(r), type: "Role" })) }],
  });
}

beforeAll(() => installMocks());

describe("privileged-graph-permission", () => {
  it("passes admin consent to User.Read.All (privilege level 3)", async () => {
    const resources = await registered(consent("graph-daemon-consent-0", "User.Read.All"), app("graph-daemon", ["User.Read.All"]));
    expect(findings(resources, privilegedGraphPermission)).toEqual([]);
  });

  it("refuses admin consent to Directory.ReadWrite.All, naming the permission", async () => {
    const resources = await registered(consent("dir-writer-consent-0", "Directory.ReadWrite.All"));
    const result = findings(resources, privilegedGraphPermission);
    expect(result).toEqual([expect.objectContaining({ policy: "privileged-graph-permission", enforcement: "mandatory" })]);
    expect(result[0].message).toContain("Directory.ReadWrite.All");
  });

  it("refuses a required access of RoleManagement.ReadWrite.Directory on the application", async () => {
    const resources = await registered(app("role-admin", ["User.Read.All", "RoleManagement.ReadWrite.Directory"]));
    const result = findings(resources, privilegedGraphPermission);
    expect(result.map((f) => f.message)).toEqual([expect.stringContaining("RoleManagement.ReadWrite.Directory")]);
  });

  it("ignores delegated scopes and other APIs", async () => {
    const scopeApp = new azuread.Application("delegated-app", {
      displayName: "delegated-app",
      requiredResourceAccesses: [{ resourceAppId: MICROSOFT_GRAPH_APP_ID, resourceAccesses: [{ id: graphAppRoleId("Directory.ReadWrite.All"), type: "Scope" }] }],
    });
    const resources = await registered(scopeApp);
    expect(findings(resources, privilegedGraphPermission)).toEqual([]);
  });
});
