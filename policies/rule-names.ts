/**
 * The pack's rule names, in the order findings are reported (policies/rules/index.ts `allPolicies`, which checks it
 * holds exactly these). Waivers and config validation read the names from here: this module loads no Pulumi SDK, so the
 * planner can check a waiver file without loading the policy pack (about 0.6 s).
 */
export const RULE_NAMES = [
  "privileged-role-assignment",
  "broad-scope-role-assignment",
  "role-assignment-principal-type",
  "privileged-graph-permission",
  "no-client-secret",
  "federated-trust",
  "secret-lifetime",
  "certificate-lifetime",
  "key-vault-hardening",
  "key-vault-secret-expiry",
  "key-vault-network",
  "redirect-uri",
  "implicit-grant",
  "sign-in-audience",
  "application-owners",
] as const;
