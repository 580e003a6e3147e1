import type { ConformanceCase } from "./case";
import { OWNERS, VAULT } from "../support/program";

const SCOPE = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-monitoring";

/** Rules that stand on the generated catalogs (model/catalog/data, each recording its export and commit). */
export const catalogCases: ConformanceCase[] = [
  {
    rule: "azure-role-is-built-in",
    catches: "a role name that is not one of Azure's built-in roles (a typo); the catalog holds every built-in role of the public export, so a real one is never refused",
    source: "easimon/azure-builtin-roles@db0b2258:azure-roles/" /* az role definition list export: every built-in role (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles) */,
    realError: "RoleDefinitionDoesNotExist: The specified role definition with ID '<id>' does not exist.",
    manifest: { keyVault: VAULT, defaults: OWNERS, workloads: { app: { credentials: [{ type: "secret" }], roles: [{ role: "Monitoring Data Readr", scope: SCOPE }] } } },
    expect: { exit: 2, path: "workloads.app.roles[0].role", message: /^unknown Azure built-in role "Monitoring Data Readr" — did you mean "Monitoring Data Reader"/ },
  },
  {
    rule: "location-is-azure-region",
    catches: "a location that is not one of ARM's region names (a typo, or a display name such as \"West Europe\")",
    source: "Azure/terraform-azurerm-avm-utl-regions@9064b20b:modules/cached-data/locations.tf.json" /* ARM Subscriptions - List Locations (https://learn.microsoft.com/rest/api/resources/subscriptions/list-locations) */,
    realError: "LocationNotAvailableForResourceType: The provided location 'westeurop' is not available for resource type 'Microsoft.KeyVault/vaults'.",
    manifest: { keyVault: { ...VAULT, location: "westeurop" }, defaults: OWNERS, workloads: { app: { credentials: [{ type: "secret" }] } } },
    expect: { exit: 2, path: "keyVault.location", message: /^unknown Azure region "westeurop" — did you mean "westeurope"/ },
  },
];
