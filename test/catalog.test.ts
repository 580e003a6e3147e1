import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import {
  api, microsoftGraph, operationMatches, permission, region, role, roleCatalogProvenance, roleDefinitionResourceId,
  roleGrants, rolePermissions,
} from "../model/catalog";
import rolesFile from "../model/catalog/data/azure-builtin-roles.json";
import graphFile from "../model/catalog/data/graph-permissions.json";
import regionsFile from "../model/catalog/data/azure-regions.json";
import wellKnownFile from "../model/catalog/data/well-known-apis.json";
import { parseManifest } from "../stacks/manifest";
import { buildGraphCatalog } from "../scripts/catalog/graph";
import { buildRegionCatalog } from "../scripts/catalog/regions";
import { buildRoleCatalog, parseExportedRole, readRolesExport } from "../scripts/catalog/roles";
import { checkoutSource } from "../scripts/catalog/source";

const graph = microsoftGraph();

describe("catalog: Microsoft Graph permissions", () => {
  it("resolves User.Read.All as an application permission with its app role id, privilege and consent", () => {
    const hit = permission(graph, "User.Read.All", "application");
    expect(hit).toEqual({ ok: true, value: expect.objectContaining({ id: "df021288-bdef-4463-88db-98f22de89214", privilegeLevel: 3, adminConsentRequired: true, kind: "application" }) });
  });

  it("suggests the three closest names for a typo, best first", () => {
    const hit = permission(graph, "User.Read.Al", "application");
    expect(hit.ok).toBe(false);
    if (!hit.ok) expect(hit.message).toMatch(/^unknown Microsoft Graph application permission "User.Read.Al" — did you mean "User.Read.All", "[^"]+" or "[^"]+"\?$/);
  });

  it("says when a name exists only in the other kind", () => {
    const hit = permission(graph, "User.Read", "application");
    expect(hit.ok).toBe(false);
    if (!hit.ok) expect(hit.message).toMatch(/^"User.Read" is a delegated permission of Microsoft Graph, not an application one; move it to "delegated" \(application permissions are e\.g\. "User.Read.All"/);
  });
});

describe("catalog: APIs", () => {
  it.each([
    ["Microsoft Graph", "00000003-0000-0000-c000-000000000000"],
    ["azure devops", "499b84ac-1321-427f-aa17-267ca6975798"],
    ["Log Analytics API", "ca7f3f0b-7d91-482c-8e09-c5d840d0eac5"],
    ["Azure Key Vault", "cfa8b339-82a2-471a-a3c9-0fc0be7a4093"],
    ["Azure Storage", "e406a681-f3d4-42a8-90b6-c2b029497af1"],
    ["Azure Service Management", "797f4846-ba00-4fd7-ba43-dac1f8f63013"],
    ["Application Insights API", "f5c26e74-f226-4ae8-85f0-b4af0080ac9e"],
    ["Marketplace metering", "20e940b3-4c77-4b0b-9a53-9e16a1b010a7"],
    ["499b84ac-1321-427f-aa17-267ca6975798", "499b84ac-1321-427f-aa17-267ca6975798"],
  ])("finds %s", (name, appId) => {
    const hit = api(name);
    expect(hit.ok && hit.value?.appId).toBe(appId);
  });

  it("marks Azure DevOps as delegated-only (service principals are refused by the PAT API)", () => {
    const hit = api("Azure DevOps");
    expect(hit.ok && hit.value?.delegatedOnly).toBe(true);
    expect(hit.ok && hit.value && permission(hit.value, "user_impersonation", "delegated").ok).toBe(true);
  });

  it("lets an unknown app id through as a customer API and suggests names for an unknown name", () => {
    expect(api("11111111-2222-3333-4444-555555555555")).toEqual({ ok: true, value: undefined });
    const hit = api("Graph");
    expect(hit.ok).toBe(false);
    if (!hit.ok) expect(hit.message).toContain('did you mean "Microsoft Graph"');
  });
});

describe("catalog: built-in roles", () => {
  it("resolves names case-insensitively and GUIDs, with the privileged flag", () => {
    expect(role("reader")).toEqual({ ok: true, value: { name: "Reader", id: "acdd72a7-3385-48ef-bd42-f606fba81ae7", privileged: false, builtIn: true } });
    expect(role("Monitoring Metrics Publisher")).toMatchObject({ ok: true, value: { id: "3913510d-42f4-4e42-8a64-420c390055eb" } });
    expect(role("8e3af657-a8ff-443c-a75c-2fe8c4bcb635")).toMatchObject({ ok: true, value: { name: "Owner", privileged: true } });
  });

  it("treats an unknown GUID as a custom role whose privilege is unknown", () => {
    expect(role("0f0e0d0c-0b0a-4909-8807-060504030201")).toMatchObject({ ok: true, value: { builtIn: false, privileged: null } });
  });

  it("suggests close role names", () => {
    const hit = role("Monitoring Metric Publisher");
    expect(hit.ok).toBe(false);
    if (!hit.ok) expect(hit.message).toContain('did you mean "Monitoring Metrics Publisher"');
  });

  it("builds full role definition ids scoped to the assignment's subscription", () => {
    const sub = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg";
    expect(roleDefinitionResourceId("acdd72a7-3385-48ef-bd42-f606fba81ae7", sub)).toBe("/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7");
    expect(roleDefinitionResourceId("acdd72a7-3385-48ef-bd42-f606fba81ae7", "/providers/Microsoft.Management/managementGroups/mg")).toBe("/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7");
  });
});

/** Files copied byte for byte from the role export at the commit the catalog records (scripts/catalog/testdata/README.md). */
const EXCERPT = path.join(__dirname, "../scripts/catalog/testdata/azure-roles");
const excerpt = (roleName: string) => parseExportedRole(JSON.parse(readFileSync(path.join(EXCERPT, `${roleName}.json`), "utf8")), roleName);
type CatalogRole = { name: string; id: string; permissions: unknown; carried?: unknown };
const catalogRoles = (rolesFile as unknown as { roles: CatalogRole[] }).roles;

describe("catalog: built-in roles are the complete export", () => {
  it("resolves Monitoring Data Reader (refused before: the catalog held 165 roles) with the export's id and permissions", () => {
    const exported = excerpt("Monitoring Data Reader");
    const hit = role("Monitoring Data Reader");
    expect(hit).toEqual({ ok: true, value: { name: "Monitoring Data Reader", id: exported.name, privileged: false, builtIn: true } });
    expect(rolePermissions("Monitoring Data Reader")).toEqual({ ok: true, value: [{ actions: [], notActions: [], dataActions: exported.permissions[0].dataActions, notDataActions: [] }] });
  });

  it("holds every role of the export and only the carried ones besides; the count is the export's", () => {
    const fromExport = catalogRoles.filter((r) => !r.carried);
    expect(fromExport).toHaveLength(roleCatalogProvenance.roleCount);
    expect(catalogRoles.length).toBe((rolesFile as unknown as { count: number }).count);
    expect(roleCatalogProvenance.roleCount).toBeGreaterThan(900);
    // Carried roles are exactly those a subscription-scoped export cannot list.
    for (const r of catalogRoles.filter((x) => x.carried)) expect((r as { assignableScopes?: string[] }).assignableScopes).not.toContain("/");
    expect(new Set(catalogRoles.map((r) => r.id)).size).toBe(catalogRoles.length);
  });

  it("records the export's repository and commit", () => {
    expect(roleCatalogProvenance).toMatchObject({ repository: "easimon/azure-builtin-roles", path: "azure-roles/*.json", commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(readFileSync(path.join(EXCERPT, "../README.md"), "utf8")).toContain(roleCatalogProvenance.commit);
  });

  it("agrees with the generator run on the export's own files (ids, names, permissions, privileged)", () => {
    const files = readdirSync(EXCERPT).map((f) => f.replace(/\.json$/, ""));
    const rebuilt = buildRoleCatalog(readRolesExport(EXCERPT), { ...roleCatalogProvenance });
    expect(rebuilt.roles.map((r) => r.name).sort()).toEqual(files.sort());
    for (const r of rebuilt.roles) expect(catalogRoles.find((c) => c.id === r.id)).toEqual(r);
  });

  it("marks the roles that can hand out roles as privileged, ABAC-constrained ones too", () => {
    expect(role("Contributor")).toMatchObject({ ok: true, value: { privileged: true } });
    expect(role("Key Vault Data Access Administrator")).toMatchObject({ ok: true, value: { privileged: true } });
    expect(role("Key Vault Secrets Officer")).toMatchObject({ ok: true, value: { privileged: false } });
    expect(role("Reservations Administrator")).toMatchObject({ ok: true, value: { privileged: true } });
  });

  it("suggests the right role for a typo of a role the old catalog lacked", () => {
    const hit = role("Monitoring Data Readr");
    expect(hit.ok).toBe(false);
    if (!hit.ok) expect(hit.message).toMatch(/^unknown Azure built-in role "Monitoring Data Readr" — did you mean "Monitoring Data Reader"/);
  });

  it.runIf(process.env.CATALOG_ROLES_EXPORT)("equals a fresh run of the generator on the full export (CATALOG_ROLES_EXPORT=<clone>)", () => {
    const dir = process.env.CATALOG_ROLES_EXPORT as string;
    const source = checkoutSource(dir, roleCatalogProvenance.repository, roleCatalogProvenance.path, new Date(`${roleCatalogProvenance.retrieved}T00:00:00Z`));
    const rebuilt = buildRoleCatalog(readRolesExport(dir), source, rolesFile);
    expect(rebuilt).toEqual(rolesFile);
    expect(readdirSync(path.join(dir, "azure-roles")).filter((f) => f.endsWith(".json"))).toHaveLength(roleCatalogProvenance.roleCount);
  });
});

describe("catalog: what a role grants (actions are the control plane, dataActions the data plane)", () => {
  it("Key Vault Secrets Officer is data-plane only: it does not grant the ARM write keyvault.Secret needs", () => {
    expect(roleGrants("Key Vault Secrets Officer", "Microsoft.KeyVault/vaults/secrets/write", "actions")).toEqual({ ok: true, value: false });
    expect(roleGrants("Key Vault Secrets Officer", "Microsoft.KeyVault/vaults/secrets/setSecret/action", "dataActions")).toEqual({ ok: true, value: true });
    expect(roleGrants("Key Vault Secrets Officer", "Microsoft.KeyVault/vaults/secrets/read", "actions")).toEqual({ ok: true, value: true });
  });

  it("Key Vault Contributor and Contributor grant that ARM write; Contributor's notActions take role assignments away, case-insensitively", () => {
    expect(roleGrants("Key Vault Contributor", "Microsoft.KeyVault/vaults/secrets/write", "actions")).toEqual({ ok: true, value: true });
    expect(roleGrants("Contributor", "Microsoft.KeyVault/vaults/secrets/write", "actions")).toEqual({ ok: true, value: true });
    expect(roleGrants("Contributor", "Microsoft.Authorization/roleAssignments/write", "actions")).toEqual({ ok: true, value: false });
    expect(roleGrants("Contributor", "Microsoft.KeyVault/vaults/secrets/getSecret/action", "dataActions")).toEqual({ ok: true, value: false });
  });

  it("matches wildcards anywhere in the operation and nothing else", () => {
    expect(operationMatches("Microsoft.KeyVault/*/read", "Microsoft.KeyVault/vaults/secrets/read")).toBe(true);
    expect(operationMatches("Microsoft.KeyVault/vaults/*/read", "Microsoft.KeyVault/vaults/write")).toBe(false);
    expect(operationMatches("Microsoft.KeyVault/vaults.read", "Microsoft.KeyVault/vaultsxread")).toBe(false);
  });

  it("explains what it cannot answer: custom roles, roles carried without permissions, typos", () => {
    expect(rolePermissions("0f0e0d0c-0b0a-4909-8807-060504030201")).toMatchObject({ ok: false, message: expect.stringContaining("not a built-in role") });
    expect(rolePermissions("Reservations Reader")).toMatchObject({ ok: false, message: expect.stringContaining("carried over") });
    expect(roleGrants("Key Vault Secret Officer", "x", "actions")).toMatchObject({ ok: false, message: expect.stringContaining('did you mean "Key Vault Secrets Officer"') });
  });
});

describe("catalog: Graph permissions are the devx export", () => {
  const graphCatalog = graphFile as unknown as { sourceCommits: { repository: string; commit: string }[]; permissions: Record<string, unknown> };

  it("records the repository and commit it was generated from", () => {
    expect(graphCatalog.sourceCommits.map((s) => s.repository)).toEqual(["microsoftgraph/microsoft-graph-devx-content", "microsoftgraph/microsoft-graph-devx-content"]);
    for (const s of graphCatalog.sourceCommits) expect(s.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it("grades the OpenID Connect scopes as user-consentable without inventing a privilege level", () => {
    const openid = permission(graph, "openid", "delegated");
    expect(openid).toMatchObject({ ok: true, value: { privilegeLevel: null, adminConsentRequired: false } });
    expect(openid.ok && openid.value.id).toBe((wellKnownFile.apis.find((a) => a.name === "Microsoft Graph")?.delegated as Record<string, string>).openid);
  });

  it.runIf(process.env.CATALOG_GRAPH_EXPORT)("equals a fresh run of the generator on the export (CATALOG_GRAPH_EXPORT=<clone>)", () => {
    const dir = process.env.CATALOG_GRAPH_EXPORT as string;
    const rebuilt = buildGraphCatalog(dir, graphCatalog.sourceCommits as never, wellKnownFile, graph.appId);
    expect(rebuilt.permissions).toEqual(graphCatalog.permissions);
  });
});

describe("catalog: Azure regions", () => {
  it("accepts ARM's region names, case-insensitively", () => {
    expect(region("westeurope")).toMatchObject({ ok: true, value: { name: "westeurope", displayName: "West Europe" } });
    expect(region("WestEurope")).toMatchObject({ ok: true, value: { name: "westeurope" } });
  });

  it("refuses a display name with the name to use", () => {
    expect(region("West Europe")).toEqual({ ok: false, message: '"West Europe" is the display name of Azure region "westeurope"; use "westeurope"' });
    expect(region("(Europe) Sweden Central")).toMatchObject({ ok: false, message: expect.stringContaining('use "swedencentral"') });
  });

  it("suggests the closest region names for an unknown one", () => {
    expect(region("westeurop")).toMatchObject({ ok: false, message: expect.stringMatching(/^unknown Azure region "westeurop" — did you mean "westeurope"/) });
    expect(region("west europ")).toMatchObject({ ok: false, message: expect.stringMatching(/did you mean "westeurope"/) });
    expect(region("swedencentrl")).toMatchObject({ ok: false, message: expect.stringMatching(/did you mean "swedencentral"/) });
  });

  it("records the export's repository and commit", () => {
    expect(regionsFile.source).toMatchObject({ repository: "Azure/terraform-azurerm-avm-utl-regions", path: "modules/cached-data/locations.tf.json", commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(regionsFile.count).toBe(regionsFile.regions.length);
  });

  it.runIf(process.env.CATALOG_REGIONS_EXPORT)("equals a fresh run of the generator on the export (CATALOG_REGIONS_EXPORT=<clone>)", () => {
    const dir = process.env.CATALOG_REGIONS_EXPORT as string;
    expect(buildRegionCatalog(dir, regionsFile.source).regions).toEqual(regionsFile.regions);
  });
});

describe("manifest: every location is an Azure region name", () => {
  const vault = { name: "kv-test", resourceGroupName: "rg", create: true };
  const identity = { type: "managedIdentity", resourceGroupName: "rg", credentials: [] };
  const problems = (raw: Parameters<typeof parseManifest>[0], location?: string) =>
    parseManifest(raw, { location }).errors.filter((e) => /location/.test(e.path));

  it.each([
    ["keyVault.location", { keyVault: { ...vault, location: "westeurop" }, workloads: {} }, undefined],
    ["defaults.location", { keyVault: vault, defaults: { location: "West Europe" }, workloads: {} }, "westeurope"],
    ["workloads.mi.location", { keyVault: vault, workloads: { mi: { ...identity, location: "norwayeastt" } } }, "westeurope"],
    ["azure-native:location", { keyVault: vault, workloads: {} }, "westeurpe"],
  ])("refuses a bad %s with the path and a suggestion", (at, raw, location) => {
    const found = problems(raw, location);
    expect(found).toHaveLength(1);
    expect(found[0].path).toBe(at);
    expect(found[0].message).toMatch(/did you mean "(westeurope|norwayeast)"|use "westeurope"/);
  });

  it("accepts region names in any case", () => {
    expect(problems({ keyVault: { ...vault, location: "WestEurope" }, defaults: { location: "northeurope" }, workloads: { mi: { ...identity, location: "swedencentral" } } }, "westeurope")).toEqual([]);
  });
});
