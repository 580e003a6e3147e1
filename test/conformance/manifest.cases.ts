import type { ConformanceCase } from "./case";
import { OWNERS, VAULT } from "../support/program";

const one = (workload: unknown) => ({ keyVault: VAULT, defaults: OWNERS, workloads: { app: workload } });
const secret = { credentials: [{ type: "secret" }] };

/** Rules of the manifest that predate the fidelity work and stand on Microsoft's published names. */
export const manifestCases: ConformanceCase[] = [
  {
    rule: "graph-permission-exists",
    catches: "a Microsoft Graph permission name Graph does not publish (a typo) — the app role assignment fails at deploy",
    source: "https://learn.microsoft.com/en-us/graph/permissions-reference",
    realError: "Request_BadRequest: Permission being assigned was not found on application '<Microsoft Graph app id>'.",
    manifest: one({ ...secret, apiPermissions: [{ api: "Microsoft Graph", application: ["User.Read.Al"] }] }),
    expect: { exit: 2, path: "workloads.app.apiPermissions[0].application[0]", message: /^unknown Microsoft Graph application permission "User\.Read\.Al" — did you mean "User\.Read\.All"/ },
  },
  {
    rule: "permission-kind-matches",
    catches: "a delegated-only permission requested as an application permission (an app role Graph does not publish)",
    source: "https://learn.microsoft.com/en-us/graph/permissions-reference",
    realError: "Request_BadRequest: Permission being assigned was not found on application '<Microsoft Graph app id>'.",
    manifest: one({ ...secret, apiPermissions: [{ api: "Microsoft Graph", application: ["User.Read"] }] }),
    expect: { exit: 2, path: "workloads.app.apiPermissions[0].application[0]", message: /^"User\.Read" is a delegated permission of Microsoft Graph, not an application one/ },
  },
  {
    rule: "workload-name-key-vault-secret-name",
    catches: "a workload name Key Vault refuses in its secret names (`<name>-client-id`: letters, digits and dashes)",
    source: "https://learn.microsoft.com/en-us/azure/azure-resource-manager/management/resource-name-rules#microsoftkeyvault",
    realError: "BadParameter: The request URI contains an invalid name: Law_Reader-client-id",
    manifest: { keyVault: VAULT, defaults: OWNERS, workloads: { Law_Reader: secret } },
    expect: { exit: 2, path: "workloads.Law_Reader", message: /^invalid workload name "Law_Reader"/ },
  },
  {
    rule: "application-display-name-256",
    catches: "an application display name over Graph's 256 characters (the manifest's displayName, or <workload>-<stack> from a long stack name)",
    source: "https://learn.microsoft.com/en-us/graph/api/resources/application",
    realError: "Request_BadRequest: Invalid value specified for property 'displayName' of resource 'Application'. (wording not confirmed against a tenant)",
    manifest: one({ ...secret, displayName: "d".repeat(257) }),
    expect: { exit: 2, path: "workloads.app.displayName", message: /has 257 characters; Microsoft Graph allows at most 256: shorten displayName$/ },
  },
];
