import * as azuread from "@pulumi/azuread";
import { describe, expect, it } from "vitest";
import { ClientSecret } from "../../components/client-secret";
import { nextRotation } from "../../model/rotation";
import { isSecret, NOW, plainInputs, simulateComponents, valueOf } from "./harness";

const PASSWORD = "azuread:index/applicationPassword:ApplicationPassword";

describe("ClientSecret", () => {
  it("declares a staggered pair of passwords, blue and green, parented to it, each ending lifetimeDays after its epoch", async () => {
    const t = await simulateComponents();
    const app = new azuread.Application("law-reader-app", { displayName: "law-reader-test" });
    const secret = new ClientSecret("law-reader-secret", { applicationId: app.id, lifetimeDays: 90, rotateAfterDays: 30, now: () => NOW });
    const [urn, members, appId] = await Promise.all([valueOf(secret.urn), valueOf(secret.members), valueOf(app.id)]);
    await t.settled();

    const passwords = t.childrenOf(urn);
    expect(passwords.map((p) => [p.type, p.name])).toEqual([[PASSWORD, "law-reader-secret-blue"], [PASSWORD, "law-reader-secret-green"]]);
    const plan = nextRotation(undefined, NOW, { lifetimeDays: 90, rotateAfterDays: 30 });
    expect(passwords.map(plainInputs)).toEqual(plan.members.map((m) => ({
      applicationId: appId,
      displayName: `${m.slot} (rotation epoch ${m.epoch})`,
      endDate: m.endDate,
      rotateWhenChanged: { epoch: String(m.epoch) },
    })));
    expect(passwords.map((p) => plainInputs(p).endDate)).toEqual(["2027-01-15T00:00:00Z", "2027-02-14T00:00:00Z"]);
    expect(members.find((m) => m.newest)).toMatchObject({ name: "law-reader-secret-green", slot: "green", endDate: "2027-02-14T00:00:00Z" });
  });

  it("gives Key Vault the newest password's value, as a Pulumi secret", async () => {
    await simulateComponents();
    const app = new azuread.Application("vault-app", { displayName: "vault-test" });
    const secret = new ClientSecret("vault-secret", { applicationId: app.id, now: () => NOW });
    expect(await isSecret(secret.value)).toBe(true);
    expect(await valueOf(secret.value)).toMatch(/^sim/);
  });

  it("re-issues only the slot Key Vault does not hold when a rotation is due, keeping the held member's inputs as issued", async () => {
    const t = await simulateComponents();
    const app = new azuread.Application("rotating-app", { displayName: "rotating-test" });
    // What the last deployment issued two epochs ago: blue held by Key Vault, its promise to retire green kept.
    const previous = nextRotation(undefined, new Date("2026-09-24T00:00:00Z"), { lifetimeDays: 90, rotateAfterDays: 30 }).members;
    const held = previous.find((m) => m.newest);
    const secret = new ClientSecret("rotating-secret", { applicationId: app.id, lifetimeDays: 90, rotateAfterDays: 30, previous, now: () => NOW });
    const [urn, rotation] = await Promise.all([valueOf(secret.urn), valueOf(secret.rotation)]);
    await t.settled();

    expect(rotation.change).toBe("rotated");
    expect(rotation.issued).toEqual([previous.find((m) => !m.newest)?.slot]);
    const inputs = Object.fromEntries(t.childrenOf(urn).map((p) => [p.name, plainInputs(p)]));
    expect(inputs[`rotating-secret-${held?.slot}`]).toMatchObject({ endDate: held?.endDate, rotateWhenChanged: { epoch: String(held?.epoch) } });
    expect(rotation.newest.slot).not.toBe(held?.slot);
  });
});
