import type { ConformanceCase } from "./case";
import { OWNERS, VAULT } from "../support/program";

const SCOPE = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-monitoring";

/** Rules that stand on the generated catalogs (components/catalog/data, each recording its export and commit). */
export const catalogCases: ConformanceCase[] = [
  {
    rule: "azure-role-is-built-in",
    catches: "a role name that is not one of Azure's built-in roles (a typo); the catalog holds every built-in role of the public export, so a real one is never refused",
    source: "https://learn.microsoft.com/azure/role-based-access-control/built-in-roles (catalog: easimon/azure-builtin-roles azure-roles/*.json, commit in components/catalog/data/azure-builtin-roles.json)",
    realError: "RoleDefinitionDoesNotExist: The specified role definition with ID '<id>' does not exist.",
    manifest: { keyVault: VAULT, defaults: OWNERS, workloads: { app: { credentials: [{ type: "secret" }], roles: [{ role: "Monitoring Data Readr", scope: SCOPE }] } } },
    expect: { exit: 2, path: "workloads.app.roles[0].role", message: /^unknown Azure built-in role "Monitoring Data Readr" — did you mean "Monitoring Data Reader"/ },
  },
  {
    rule: "location-is-azure-region",
    catches: "a location that is not one of ARM's region names (a typo, or a display name such as \"West Europe\")",
    source: "https://learn.microsoft.com/rest/api/resources/subscriptions/list-locations (catalog: Azure/terraform-azurerm-avm-utl-regions modules/cached-data/locations.tf.json, commit in components/catalog/data/azure-regions.json)",
    realError: "LocationNotAvailableForResourceType: The provided location 'westeurop' is not available for resource type 'Microsoft.KeyVault/vaults'.",
    manifest: { keyVault: { ...VAULT, location: "westeurop" }, defaults: OWNERS, workloads: { app: { credentials: [{ type: "secret" }] } } },
    expect: { exit: 2, path: "keyVault.location", message: /^unknown Azure region "westeurop" — did you mean "westeurope"/ },
  },
];
