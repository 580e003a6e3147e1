import { describe, expect, it } from "vitest";
import { expectFound, roleGrants } from "../model/catalog";
import { DEPLOYER_NEEDS, KEY_VAULT_SECRET_WRITE } from "../model/deployer-permissions";

describe("the deployer's Azure roles, checked against the role catalog's actions", () => {
  it.each(DEPLOYER_NEEDS.flatMap((need) => need.roles.map((role) => [need.what, role, need] as const)))(
    "%s: %s grants every operation",
    (_what, role, need) => {
      const missing = need.operations.filter((op) => !expectFound(roleGrants(role, op, "actions")));
      expect(missing).toEqual([]);
    },
  );

  it("Key Vault Secrets Officer does not grant the ARM write azure-native's keyvault.Secret makes (it is data-plane only)", () => {
    expect(expectFound(roleGrants("Key Vault Secrets Officer", KEY_VAULT_SECRET_WRITE, "actions"))).toBe(false);
    expect(expectFound(roleGrants("Key Vault Secrets Officer", "Microsoft.KeyVault/vaults/secrets/setSecret/action", "dataActions"))).toBe(true);
  });

  it("Key Vault Contributor cannot purge a deleted vault, so a protected vault's name lock holds", () => {
    expect(expectFound(roleGrants("Key Vault Contributor", "Microsoft.KeyVault/locations/deletedVaults/purge/action", "actions"))).toBe(false);
  });
});
