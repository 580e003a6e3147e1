import { describe, expect, it } from "vitest";
import { ManagedIdentity } from "../../components/managed-identity";
import { isGuid } from "../../model/catalog";
import { plainInputs, simulateComponents, valueOf } from "./harness";

describe("ManagedIdentity", () => {
  it("declares one user-assigned identity with the given name, group, region and tags, and exposes its three ids", async () => {
    const t = await simulateComponents();
    const identity = new ManagedIdentity("orders-api", { identityName: "orders-api-test", resourceGroupName: "rg-app", location: "westeurope", tags: { team: "orders" } });
    const [urn, clientId, principalId, tenantId, name] = await Promise.all([
      valueOf(identity.urn), valueOf(identity.clientId), valueOf(identity.principalId), valueOf(identity.tenantId), valueOf(identity.identityName),
    ]);
    await t.settled();
    const [uai] = t.childrenOf(urn);
    expect(uai.type).toBe("azure-native:managedidentity:UserAssignedIdentity");
    expect(uai.name).toBe("orders-api-identity");
    expect(plainInputs(uai)).toEqual({ resourceName: "orders-api-test", resourceGroupName: "rg-app", location: "westeurope", tags: { team: "orders" } });
    expect(uai.importId).toBeUndefined();
    expect([clientId, principalId].every(isGuid)).toBe(true);
    expect(clientId).not.toBe(principalId);
    expect(tenantId).toBe(t.simulator.tenantId);
    expect(name).toBe("orders-api-test");
  });
});
