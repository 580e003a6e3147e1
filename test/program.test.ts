import { beforeAll, describe, expect, it } from "vitest";
import { AzureSimulator, isSecretMarker, unwrapSecret } from "../simulator";
import type { ProgramRun } from "../preview/runtime/run-program";
import type { WorkloadSummary } from "../model/summary";
import { NOW, named, ofType, runStack, T } from "./support/program";

let run: ProgramRun;
let workloads: Record<string, WorkloadSummary>;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const inputs = (name: string) => named(run, name).inputs;

beforeAll(async () => {
  run = await runStack("stacks/Pulumi.dev.yaml", NOW);
  expect(run.error).toBeUndefined();
  expect(run.failures).toEqual([]);
  workloads = run.outputs.workloads as Record<string, WorkloadSummary>;
});

describe("the dev stack (S1–S5)", () => {
  it("declares the expected resources per type", () => {
    const count = (type: string) => ofType(run, type).length;
    expect({
      applications: count(T.application), servicePrincipals: count(T.servicePrincipal), passwords: count(T.password),
      certificates: count(T.certificate), keys: count(T.privateKey), appFederated: count(T.appFederated), appRoleAssignments: count(T.appRoleAssignment),
      delegatedGrants: count(T.delegatedGrant), roleAssignments: count(T.roleAssignment), vaults: count(T.vault), secrets: count(T.secret),
      identities: count(T.identity), miFederated: count(T.miFederated),
    }).toEqual({
      // 9 applications' service principals, plus Microsoft Graph's and Azure DevOps' (useExisting, never deleted).
      // App role assignments: 2 to Graph, orders-sync's Orders.Read, shop-web's group. Role assignments: 10, plus
      // shop-host reading shop-web's 3 secrets.
      applications: 9, servicePrincipals: 11, passwords: 8, certificates: 4, keys: 4, appFederated: 3, appRoleAssignments: 4,
      delegatedGrants: 3, roleAssignments: 13, vaults: 1, secrets: 28, identities: 4, miFederated: 1,
    });
  });

  it("S1: assigns Log Analytics Reader and Monitoring Metrics Publisher to the service principal, with principalType ServicePrincipal", () => {
    const ras = ofType(run, T.roleAssignment);
    const byRole = (id: string) => ras.find((r) => String(r.inputs.roleDefinitionId).endsWith(id));
    const law = byRole("73c42c96-874c-492b-b04d-ab87d138a893");
    const mmp = byRole("3913510d-42f4-4e42-8a64-420c390055eb");
    expect(law?.inputs).toMatchObject({
      principalType: "ServicePrincipal",
      principalId: workloads["law-reader"].servicePrincipalObjectId,
      roleDefinitionId: "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/73c42c96-874c-492b-b04d-ab87d138a893",
    });
    expect(mmp?.inputs).toMatchObject({ principalType: "ServicePrincipal", principalId: workloads["metrics-publisher"].servicePrincipalObjectId });
    // The classic bug: the application object id is not a principal.
    expect(law?.inputs.principalId).not.toBe(workloads["law-reader"].applicationObjectId);
  });

  it("S1/S3: gives every role assignment a deterministic GUID name, independent of the clock", async () => {
    const names = ofType(run, T.roleAssignment).map((r) => r.inputs.roleAssignmentName);
    for (const n of names) expect(n).toMatch(GUID);
    const later = await runStack("stacks/Pulumi.dev.yaml", new Date("2027-03-01T00:00:00Z"));
    expect(ofType(later, T.roleAssignment).map((r) => r.inputs.roleAssignmentName)).toEqual(names);
  });

  it("S2: consents User.Read.All as an app role assignment to Microsoft Graph's service principal", () => {
    const [ara] = ofType(run, T.appRoleAssignment).filter((r) => r.name.startsWith("graph-daemon-"));
    expect(ara.inputs).toMatchObject({ appRoleId: "df021288-bdef-4463-88db-98f22de89214", principalObjectId: workloads["graph-daemon"].servicePrincipalObjectId });
    expect(inputs("graph-daemon-app").requiredResourceAccesses).toEqual([
      { resourceAppId: "00000003-0000-0000-c000-000000000000", resourceAccesses: [{ id: "df021288-bdef-4463-88db-98f22de89214", type: "Role" }] },
    ]);
  });

  it("S2: rotates certificates as a staggered pair and stores the newest key + certificate PEM as a secret", () => {
    expect(ofType(run, T.certificate).filter((c) => c.name.startsWith("graph-daemon-")).map((c) => [c.name, c.inputs.endDate])).toEqual([
      ["graph-daemon-cert-blue", "2027-02-14T00:00:00Z"], ["graph-daemon-cert-green", "2027-04-15T00:00:00Z"],
    ]);
    const pem = inputs("graph-daemon-kv-certificate").properties as Record<string, unknown>;
    expect(isSecretMarker(pem.value)).toBe(true);
    expect(pem).toMatchObject({ contentType: "application/x-pem-file", attributes: { enabled: true, expires: Date.parse("2027-04-15T00:00:00Z") / 1000 } });
  });

  it("S1: keeps two secrets with staggered end dates; Key Vault holds the newest, with expires and a secret value", () => {
    const pw = ofType(run, T.password).filter((p) => p.name.startsWith("law-reader-"));
    expect(pw.map((p) => [p.name, p.inputs.endDate])).toEqual([["law-reader-secret-blue", "2027-01-15T00:00:00Z"], ["law-reader-secret-green", "2027-02-14T00:00:00Z"]]);
    const kv = inputs("law-reader-kv-client-secret");
    const props = kv.properties as Record<string, unknown>;
    expect(kv.secretName).toBe("law-reader-client-secret");
    expect(props.attributes).toEqual({ enabled: true, expires: Date.parse("2027-02-14T00:00:00Z") / 1000 });
    expect(isSecretMarker(props.value)).toBe(true);
    expect(named(run, "law-reader-kv-client-secret").dependsOn).toContain(named(run, "law-reader-secret-green").urn);
  });

  it("S3: a managed identity gets Reader on its resource group and its client id in Key Vault, and no secret", () => {
    const identity = inputs("metering-identity-identity");
    expect(identity).toMatchObject({ resourceName: "metering-identity-dev", resourceGroupName: "rg-saas-dev", location: "westeurope" });
    const ra = ofType(run, T.roleAssignment).find((r) => r.inputs.principalId === workloads["metering-identity"].servicePrincipalObjectId);
    expect(ra?.inputs).toMatchObject({ scope: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-saas-dev", principalType: "ServicePrincipal" });
    expect(String(ra?.inputs.roleDefinitionId)).toMatch(/acdd72a7-3385-48ef-bd42-f606fba81ae7$/);
    expect(workloads["metering-identity"].keyVaultSecrets).toEqual(["metering-identity-client-id"]);
    expect(inputs("metering-identity-kv-client-id").properties).toMatchObject({ value: workloads["metering-identity"].clientId });
    expect(workloads["marketplace-metering"].tokenAudiences).toEqual([expect.objectContaining({ defaultScope: "20e940b3-4c77-4b0b-9a53-9e16a1b010a7/.default" })]);
  });

  it("S4: a managed identity's federated credential names the identity and trusts the AKS issuer", () => {
    expect(inputs("orders-api-fic-aks-orders")).toMatchObject({
      resourceName: "orders-api-dev", resourceGroupName: "rg-app-dev", subject: "system:serviceaccount:orders:orders-api", audiences: ["api://AzureADTokenExchange"],
    });
  });

  it("S5: grants Azure DevOps user_impersonation to the web app with a /getAToken redirect and no implicit grant", () => {
    const grant = ofType(run, T.delegatedGrant).find((g) => (g.inputs.claimValues as string[]).includes("user_impersonation"));
    expect(grant?.inputs).toMatchObject({ claimValues: ["user_impersonation"], servicePrincipalObjectId: workloads["pat-manager"].servicePrincipalObjectId });
    expect(inputs("pat-manager-app").web).toEqual({
      redirectUris: ["https://pat.contoso.com/getAToken"], implicitGrant: { accessTokenIssuanceEnabled: false, idTokenIssuanceEnabled: false },
    });
    expect(workloads["pat-manager"].apiPermissions.find((p) => p.api === "Azure DevOps")).toMatchObject({ kind: "delegated", id: "ee69721e-6c3a-468f-a9ec-302d16a4c599", adminConsent: true });
  });

  it("creates the vault hardened: RBAC authorization, purge protection, 90-day soft delete", () => {
    expect(ofType(run, T.vault)[0].inputs).toMatchObject({
      vaultName: "kv-workloads-dev",
      properties: { enableRbacAuthorization: true, enablePurgeProtection: true, softDeleteRetentionInDays: 90, enableSoftDelete: true },
    });
  });

  it("registers applications single-tenant, owned by the deploying identity first and then the manifest's owners, with unique display names", () => {
    const deployer = new AzureSimulator().client.objectId;
    for (const app of ofType(run, T.application)) {
      expect(app.inputs).toMatchObject({ signInAudience: "AzureADMyOrg", preventDuplicateNames: true, owners: [deployer, "6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"] });
    }
  });

  it("exports three distinct ids per application and never a secret value", () => {
    const w = workloads["law-reader"];
    expect(new Set([w.clientId, w.applicationObjectId, w.servicePrincipalObjectId]).size).toBe(3);
    const secrets = run.resources.flatMap((r) => collectSecrets(r.inputs));
    expect(secrets.length).toBeGreaterThan(0);
    const exported = JSON.stringify(run.outputs);
    for (const s of secrets) expect(exported).not.toContain(s);
  });

  it("every resource is parented to a component of ours", () => {
    for (const r of run.resources.filter((x) => x.custom)) expect(r.parent).toMatch(/entra-workloads:index:/);
  });
});

function collectSecrets(value: unknown): string[] {
  if (isSecretMarker(value)) return [String(unwrapSecret(value))];
  if (Array.isArray(value)) return value.flatMap(collectSecrets);
  if (value && typeof value === "object") return Object.values(value).flatMap(collectSecrets);
  return [];
}
