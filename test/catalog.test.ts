import { describe, expect, it } from "vitest";
import { api, microsoftGraph, permission, role, roleDefinitionResourceId } from "../components/catalog";

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
