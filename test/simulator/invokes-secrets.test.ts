import * as azuread from "@pulumi/azuread";
import * as authorization from "@pulumi/azure-native/authorization";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import { isSecretMarker, specialSecretSig, specialSigKey, unwrapSecret } from "../../simulator/secrets";
import { simulate } from "./harness";

describe("getClientConfig", () => {
  it("reports the same deployer to azuread and azure-native, in the simulated tenant and subscription", async () => {
    const sim = await simulate();
    const [ad, arm] = await Promise.all([azuread.getClientConfig(), authorization.getClientConfig()]);
    expect(ad).toMatchObject({ tenantId: sim.tenantId, clientId: sim.client.clientId, objectId: sim.client.objectId });
    expect(arm).toEqual({ tenantId: sim.tenantId, subscriptionId: sim.subscriptionId, clientId: sim.client.clientId, objectId: sim.client.objectId });
  });

  it("honours the tenant and subscription it is given", async () => {
    const sim = await simulate({ tenantId: "contoso-tenant", subscriptionId: "contoso-subscription" });
    expect((await authorization.getClientConfig()).tenantId).toBe(sim.tenantId);
  });

  it("fails loudly for an invoke it does not know", async () => {
    await simulate();
    await expect(azuread.getUsers({ userPrincipalNames: ["alice@contoso.com"] })).rejects.toThrow(/NotImplemented: the Azure simulator has no answer for invoke/);
  });
});

describe("secret markers", () => {
  const marker = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "s3cr3t" };

  it("use the SDK's own envelope (its key and signature, written down so that reading a plan loads no SDK)", () => {
    expect({ specialSigKey, specialSecretSig }).toEqual({ specialSigKey: rpc.specialSigKey, specialSecretSig: rpc.specialSecretSig });
  });

  it.each([
    [marker, true],
    [{ value: "s3cr3t" }, false],
    ["s3cr3t", false],
    [null, false],
    [["4dabf18193072939515e22adb298388d"], false],
  ])("isSecretMarker(%j) is %s", (value, expected) => {
    expect(isSecretMarker(value)).toBe(expected);
  });

  it("unwrapSecret returns the value inside, and anything else unchanged", () => {
    expect(unwrapSecret(marker)).toBe("s3cr3t");
    expect(unwrapSecret({ ...marker, value: marker })).toBe("s3cr3t");
    expect(unwrapSecret("plain")).toBe("plain");
  });

  it("is what a pulumi.secret input looks like when it reaches the simulator", async () => {
    const sim = await simulate();
    const seen: unknown[] = [];
    const original = sim.newResource.bind(sim);
    sim.newResource = (args) => {
      seen.push((args.inputs as Record<string, unknown>).displayName);
      return original(args);
    };
    const app = new azuread.Application("secret-name-app", { displayName: pulumi.secret("hidden-name") });
    await new Promise((resolve) => app.id.apply(resolve));
    expect(isSecretMarker(seen[0])).toBe(true);
    expect(unwrapSecret(seen[0])).toBe("hidden-name");
  });
});
