/** A small deployed stack, one workload per flow (S1–S5 and the pipeline), and fakes that answer for it. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { api, expectFound, role } from "../../model/catalog";
import type { PlanFile, PlanWorkload } from "../../preview/plan/plan-file";
import type { PermissionBlock } from "../../preview/verify/arm";
import { emptyState, type FakeState } from "./fakes";

export const TENANT = "6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";
export const SUB = "/subscriptions/00000000-0000-0000-0000-000000000000";
export const WORKSPACE = `${SUB}/resourceGroups/rg-mon/providers/Microsoft.OperationalInsights/workspaces/law-prod`;
export const SAAS_RG = `${SUB}/resourceGroups/rg-saas`;
export const SECRET = "s3cr3t~VALUE-never-printed-0123456789";
export const METERING_SECRET = "m3t3r1ng~VALUE-never-printed-9876543210";
export const CERT_PEM = readFileSync(path.join(__dirname, "fixtures", "test-only-certificate.pem"), "utf8");

// Ids of the deployed stack (what `pulumi stack output --json` prints); made up for the test, not catalog facts.
export const IDS = {
  "law-reader": { clientId: "11111111-1111-4111-8111-111111111111", sp: "11111111-aaaa-4111-8111-111111111111" },
  "graph-daemon": { clientId: "22222222-2222-4222-8222-222222222222", sp: "22222222-aaaa-4222-8222-222222222222" },
  "marketplace-metering": { clientId: "33333333-3333-4333-8333-333333333333", sp: "33333333-aaaa-4333-8333-333333333333" },
  "metering-identity": { clientId: "44444444-4444-4444-8444-444444444444", sp: "44444444-aaaa-4444-8444-444444444444" },
  "pat-manager": { clientId: "55555555-5555-4555-8555-555555555555", sp: "55555555-aaaa-4555-8555-555555555555" },
  "deploy-pipeline": { clientId: "66666666-6666-4666-8666-666666666666", sp: "66666666-aaaa-4666-8666-666666666666" },
} as const;

const catalogApi = (name: string) => {
  const found = expectFound(api(name));
  if (!found) throw new Error(`catalog has no ${name}`);
  return found;
};
export const GRAPH = catalogApi("Microsoft Graph");
export const DEVOPS = catalogApi("Azure DevOps");
export const MARKETPLACE = catalogApi("Marketplace metering");
export const ARM = catalogApi("Azure Resource Manager");
export const READER = expectFound(role("Reader"));
export const LA_READER = expectFound(role("Log Analytics Reader"));
export const OWNER = expectFound(role("Owner"));
export const CONTRIBUTOR = expectFound(role("Contributor"));

const secretPair = (name: string, secret: string, type: "secret" | "certificate" = "secret") => [
  { type, name: `${name}-${type}-blue`, endDate: "2027-01-15T00:00:00Z", newest: false, slot: "blue" as const, epoch: 34 },
  { type, name: `${name}-${type}-green`, endDate: "2027-02-14T00:00:00Z", newest: true, slot: "green" as const, epoch: 35, keyVaultSecret: `${name}-${secret}` },
];

const permission = (apiEntry: typeof GRAPH, kind: "application" | "delegated", name: string, adminConsent = true) => {
  const p = apiEntry.permissions[kind].get(name);
  if (!p) throw new Error(`${apiEntry.name} publishes no ${kind} ${name}`);
  return { api: apiEntry.name, apiAppId: apiEntry.appId, kind, name, id: p.id, privilegeLevel: p.privilegeLevel, adminConsent };
};

function workloads(): PlanWorkload[] {
  return [
    {
      name: "law-reader", kind: "application", credentials: secretPair("law-reader", "client-secret"), apiPermissions: [],
      roleAssignments: [{ role: LA_READER.name, roleDefinitionId: LA_READER.id, scope: WORKSPACE, privileged: false }], tokenAudiences: [], keyVaultSecrets: [],
    },
    {
      name: "graph-daemon", kind: "application", credentials: secretPair("graph-daemon", "certificate", "certificate"),
      apiPermissions: [permission(GRAPH, "application", "User.Read.All")], roleAssignments: [],
      tokenAudiences: [{ api: GRAPH.name, tokenResource: GRAPH.tokenResource, defaultScope: GRAPH.defaultScope }], keyVaultSecrets: [],
    },
    {
      name: "marketplace-metering", kind: "application", credentials: secretPair("marketplace-metering", "client-secret"), apiPermissions: [], roleAssignments: [],
      tokenAudiences: [{ api: MARKETPLACE.name, tokenResource: MARKETPLACE.tokenResource, defaultScope: MARKETPLACE.defaultScope }], keyVaultSecrets: [],
    },
    {
      name: "metering-identity", kind: "managedIdentity", credentials: [], apiPermissions: [],
      roleAssignments: [{ role: READER.name, roleDefinitionId: READER.id, scope: SAAS_RG, privileged: false }], keyVaultSecrets: [],
    },
    {
      name: "pat-manager", kind: "application", credentials: secretPair("pat-manager", "client-secret"),
      apiPermissions: [permission(DEVOPS, "delegated", "user_impersonation"), permission(GRAPH, "delegated", "User.Read")], roleAssignments: [], keyVaultSecrets: [],
    },
    {
      name: "deploy-pipeline", kind: "application", apiPermissions: [], roleAssignments: [], keyVaultSecrets: [],
      credentials: [
        { type: "federated", name: "deploy-pipeline-fic-github-dev", issuer: "https://token.actions.githubusercontent.com", subject: "repo:contoso/platform:environment:dev" },
        { type: "federated", name: "deploy-pipeline-fic-github-prs", issuer: "https://token.actions.githubusercontent.com", subject: "repo:contoso/platform:pull_request" },
      ],
    },
  ];
}

export function plan(): PlanFile {
  return {
    formatVersion: 1, stack: "dev", project: "entra-workloads", generatedAt: "2026-11-23T00:00:00.000Z",
    resources: [{
      urn: "urn:pulumi:dev::entra-workloads::azuread:index/application:Application::pat-manager-app", type: "azuread:index/application:Application",
      name: "pat-manager-app", dependsOn: [], inputs: { web: { redirectUris: ["https://pat.contoso.com/getAToken"] } },
    }],
    workloads: workloads(), violations: [], summary: { resources: 1, byType: {}, criticalPath: 1 },
  };
}

export function outputs(): unknown {
  return {
    keyVaultName: "kv-workloads-dev",
    workloads: Object.fromEntries(Object.entries(IDS).map(([name, ids]) => [name, {
      name, clientId: ids.clientId, tenantId: TENANT, servicePrincipalObjectId: ids.sp, credentials: [], apiPermissions: [], roleAssignments: [], tokenAudiences: [], keyVaultSecrets: [],
    }])),
  };
}

// Role definitions shaped as ARM returns them, with the built-in roles' actions (Reader: */read; Owner: *).
export const BLOCKS: Record<string, PermissionBlock[]> = {
  [READER.id]: [{ actions: ["*/read"], notActions: [], dataActions: [], notDataActions: [] }],
  [LA_READER.id]: [{ actions: ["*/read", "Microsoft.OperationalInsights/workspaces/analytics/query/action", "Microsoft.OperationalInsights/workspaces/search/action", "Microsoft.Support/*"], notActions: ["Microsoft.OperationalInsights/workspaces/sharedKeys/read"], dataActions: [], notDataActions: [] }],
  [OWNER.id]: [{ actions: ["*"], notActions: [], dataActions: [], notDataActions: [] }],
};

/** Everything as planned: each workload gets exactly its access. */
export function healthyState(): FakeState {
  const s = emptyState();
  s.apps = [
    { clientId: IDS["law-reader"].clientId, tenantId: TENANT, secret: SECRET },
    { clientId: IDS["graph-daemon"].clientId, tenantId: TENANT, certificatePem: CERT_PEM, roles: { [GRAPH.defaultScope]: ["User.Read.All"] } },
    { clientId: IDS["marketplace-metering"].clientId, tenantId: TENANT, secret: METERING_SECRET },
    { clientId: IDS["deploy-pipeline"].clientId, tenantId: TENANT, githubSubject: "repo:contoso/platform:environment:dev" },
  ];
  s.vault["kv-workloads-dev"] = {
    "law-reader-client-secret": { value: SECRET, exp: Date.parse("2027-02-14T00:00:00Z") / 1000 },
    "graph-daemon-certificate": { value: CERT_PEM },
    "marketplace-metering-client-secret": { value: METERING_SECRET },
  };
  s.managedIdentities[IDS["metering-identity"].clientId] = TENANT;
  s.roleDefinitions = { ...BLOCKS };
  s.permissions[WORKSPACE.toLowerCase()] = { blocks: BLOCKS[LA_READER.id] };
  s.permissions[SAAS_RG.toLowerCase()] = { blocks: BLOCKS[READER.id] };
  s.assignments[IDS["law-reader"].sp] = [{ roleDefinitionId: LA_READER.id, scope: WORKSPACE }];
  s.assignments[IDS["metering-identity"].sp] = [{ roleDefinitionId: READER.id, scope: SAAS_RG }];
  s.redirectUris[IDS["pat-manager"].clientId] = ["https://pat.contoso.com/getAToken"];
  s.servicePrincipals[DEVOPS.appId] = "d0000000-0000-4000-8000-00000000de00";
  s.servicePrincipals[GRAPH.appId] = "d0000000-0000-4000-8000-00000000a000";
  s.grants[IDS["pat-manager"].sp] = [
    { resourceId: "d0000000-0000-4000-8000-00000000de00", consentType: "AllPrincipals", scope: "user_impersonation" },
    { resourceId: "d0000000-0000-4000-8000-00000000a000", consentType: "AllPrincipals", scope: "User.Read" },
  ];
  return s;
}

/** Writes the plan and outputs to a temp folder; returns their paths. */
export function files(p: PlanFile = plan(), o: unknown = outputs()): { dir: string; plan: string; outputs: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "verify-"));
  writeFileSync(path.join(dir, "plan.json"), JSON.stringify(p));
  writeFileSync(path.join(dir, "outputs.json"), JSON.stringify(o));
  return { dir, plan: path.join(dir, "plan.json"), outputs: path.join(dir, "outputs.json") };
}
