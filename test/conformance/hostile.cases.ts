import type { ConformanceCase } from "./case";
import { OWNERS, VAULT } from "../support/program";

const SUB = "00000000-0000-0000-0000-000000000000";
const cert = (extra: Record<string, unknown> = {}) => ({ credentials: [{ type: "certificate" }], ...extra });
const federated = (name: string) => ({
  credentials: [{ type: "federated", name, issuer: "https://token.actions.githubusercontent.com", subject: "repo:contoso/app:ref:refs/heads/main" }],
});

/** Hostile and careless input (issue 12): what would otherwise be planned silently wrong. */
export const hostileCases: ConformanceCase[] = [
  {
    rule: "arm-scope-dot-segments",
    catches: "a role scope with `..` segments, reviewed as one resource but resolved by URL rules to a scope above it",
    source: "https://learn.microsoft.com/azure/role-based-access-control/scope-overview#scope-format ; https://www.rfc-editor.org/rfc/rfc3986#section-5.2.4",
    realError: "the request URL is normalised before ARM routes it: Contributor lands on the subscription, not on the resource the reviewer saw",
    manifest: { keyVault: VAULT, defaults: OWNERS, workloads: { app: cert({ roles: [{ role: "Contributor", scope: `/subscriptions/${SUB}/resourceGroups/rg-app/providers/x/../../../..` }] }) } },
    expect: { exit: 2, path: "workloads.app.roles[0].scope", message: /is not an ARM id: .*"\.\." segment/ },
  },
  {
    rule: "arm-scope-hash",
    catches: "a `#` in a scope's resource name, which cuts the ARM request URL there",
    source: "https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules",
    realError: "the part after # never reaches ARM: the assignment targets a different resource id",
    manifest: { keyVault: VAULT, defaults: OWNERS, workloads: { app: cert({ roles: [{ role: "Reader", scope: `/subscriptions/${SUB}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/vm#1` }] }) } },
    expect: { exit: 2, path: "workloads.app.roles[0].scope", message: /"#"/ },
  },
  {
    rule: "logical-name-collision",
    catches: "two workloads whose Pulumi logical names coincide (x with credential a-fic-b, x-fic-a with credential b)",
    source: "https://www.pulumi.com/docs/iac/concepts/resources/names/#urns",
    realError: "error: Duplicate resource URN 'urn:pulumi:…::x-fic-a-fic-b'; try giving it a unique name",
    manifest: { keyVault: VAULT, defaults: OWNERS, workloads: { x: federated("a-fic-b"), "x-fic-a": federated("b") } },
    expect: { exit: 2, path: "workloads.x-fic-a", message: /could collide with them \(duplicate URNs\)/ },
  },
];
