import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { ApiAccess } from "../../components/api-access";
import { ResourceServicePrincipals } from "../../components/resource-service-principals";
import { api, expectFound, microsoftGraph, permission } from "../../model/catalog";
import type { ServicePrincipalObjectId } from "../../model/ids";
import type { ApiAccessSpec } from "../../model/workload-spec";
import { plainInputs, simulateComponents, valueOf } from "./harness";

const PRINCIPAL = "11111111-2222-4333-8444-555555555555" as ServicePrincipalObjectId;

function graph(application: string[], delegated: string[], adminConsent = true): ApiAccessSpec {
  const g = microsoftGraph();
  return {
    api: g, apiName: g.name, apiAppId: g.appId, adminConsent,
    application: application.map((name) => ({ name, catalog: expectFound(permission(g, name, "application")) })),
    delegated: delegated.map((name) => ({ name, catalog: expectFound(permission(g, name, "delegated")) })),
  };
}

describe("ApiAccess", () => {
  it("consents each application permission as an app role assignment and the delegated scopes as one grant per API", async () => {
    const t = await simulateComponents();
    const apis = new ResourceServicePrincipals();
    const access = new ApiAccess("graph-daemon-consent", {
      principalObjectId: pulumi.output(PRINCIPAL),
      apis: [graph(["User.Read.All", "Group.Read.All"], ["openid", "User.Read"])],
      resourceServicePrincipals: apis,
    });
    const [urn, graphSp] = await Promise.all([valueOf(access.urn), valueOf(apis.get(microsoftGraph().appId, "Microsoft Graph").objectId)]);
    await t.settled();

    const children = t.childrenOf(urn);
    const byName = Object.fromEntries(children.map((c) => [c.name, { type: c.type, inputs: plainInputs(c) }]));
    const g = microsoftGraph();
    expect(byName["graph-daemon-consent-microsoft-graph-user-read-all"]).toEqual({
      type: "azuread:index/appRoleAssignment:AppRoleAssignment",
      inputs: { appRoleId: expectFound(permission(g, "User.Read.All", "application")).id, principalObjectId: PRINCIPAL, resourceObjectId: graphSp },
    });
    expect(byName["graph-daemon-consent-microsoft-graph-group-read-all"]?.inputs).toMatchObject({ appRoleId: expectFound(permission(g, "Group.Read.All", "application")).id });
    expect(byName["graph-daemon-consent-microsoft-graph-delegated"]).toEqual({
      type: "azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant",
      inputs: { servicePrincipalObjectId: PRINCIPAL, resourceServicePrincipalObjectId: graphSp, claimValues: ["openid", "User.Read"] },
    });
    expect(children).toHaveLength(3);
  });

  it("grants nothing for an API whose consent is left to an administrator (adminConsent: false)", async () => {
    const t = await simulateComponents();
    const devOps = expectFound(api("Azure DevOps"));
    const pending: ApiAccessSpec = {
      api: devOps, apiName: devOps?.name ?? "", apiAppId: devOps?.appId ?? "", adminConsent: false, application: [],
      delegated: [{ name: "user_impersonation", catalog: devOps ? expectFound(permission(devOps, "user_impersonation", "delegated")) : undefined }],
    };
    const access = new ApiAccess("pat-manager-consent", { principalObjectId: pulumi.output(PRINCIPAL), apis: [pending], resourceServicePrincipals: new ResourceServicePrincipals() });
    const urn = await valueOf(access.urn);
    await t.settled();
    expect(t.childrenOf(urn)).toEqual([]);
  });
});
