import type { ConformanceCase } from "./case";
import { OWNERS, VAULT } from "../support/program";

const SUB = "00000000-0000-0000-0000-000000000000";
const RG_SCOPE = `/subscriptions/${SUB}/resourceGroups/rg-app`;
const app = (extra: Record<string, unknown> = {}) => ({ credentials: [{ type: "secret" }], ...extra });
const identity = (extra: Record<string, unknown> = {}) => ({ type: "managedIdentity", resourceGroupName: "rg-app", ...extra });

/** ARM rules: Key Vault names, role assignment limits, and what ARM's specs and naming rules allow in names and tags. */
export const armCases: ConformanceCase[] = [
  {
    rule: "key-vault-name-taken",
    catches: "creating a vault whose name another subscription holds (vault names are global DNS labels)",
    source: "https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftkeyvault",
    realError: "VaultAlreadyExists: The vault name 'kv-test' is already in use. Vault names are globally unique so it is possible that the name is already taken. …",
    manifest: { keyVault: VAULT, defaults: OWNERS, workloads: { daemon: app() } },
    tenant: { unavailableVaultNames: { "kv-test": "taken" } },
    expect: { exit: 3, code: "VaultAlreadyExists", resource: /^key-vault-vault$/, message: /set keyVault\.name in this stack's file/ },
  },
  {
    rule: "key-vault-name-soft-deleted",
    catches: "re-creating a vault whose name a soft-deleted vault still holds (kept for its retention, up to 90 days; purge protection forbids purging it sooner)",
    source: "https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview",
    realError: "ConflictError: A vault with the same name already exists in deleted state. You need to either recover or purge existing key vault. …",
    manifest: { keyVault: VAULT, defaults: OWNERS, workloads: { daemon: app() } },
    tenant: { unavailableVaultNames: { "kv-test": "softDeleted" } },
    expect: { exit: 3, code: "ConflictError", resource: /^key-vault-vault$/, message: /az keyvault recover --name kv-test/ },
  },
  {
    rule: "role-assignment-limit-per-subscription",
    catches: "a role assignment past the 4,000 a subscription may hold (a fixed limit)",
    source: "https://learn.microsoft.com/azure/role-based-access-control/troubleshoot-limits",
    realError: "RoleAssignmentLimitExceeded: No more role assignments can be created.",
    manifest: { keyVault: VAULT, defaults: OWNERS, workloads: { reader: identity({ roles: [{ role: "Reader", scope: RG_SCOPE }] }) } },
    tenant: { existingRoleAssignments: 4000 },
    expect: { exit: 3, code: "RoleAssignmentLimitExceeded", resource: /^reader-ra-/ },
  },
  {
    rule: "arm-tag-name-characters",
    catches: "a tag name with < > % & \\ ? or / on a managed identity",
    source: "https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations",
    realError: "InvalidTagNameCharacters: The tag names 'cost/center' have reserved characters '<,>,%,&,\\,?,/' or control characters. (as Learn's Azure CLI Bash/PowerShell tutorial quotes it)",
    manifest: { keyVault: VAULT, defaults: OWNERS, workloads: { orders: identity({ tags: { "cost/center": "42" } }) } },
    expect: { exit: 2, path: 'workloads.orders.tags["cost/center"]', message: /contains "\/", which ARM refuses in tag names/ },
  },
  {
    rule: "arm-tag-count",
    catches: "more than 50 tags on a managed identity, counting defaults.tags",
    source: "https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations",
    realError: "InvalidTags: Too many tags specified. Requested tag count - '51'. Maximum number of tags allowed - '50'. (ARM's wording as Azure PowerShell Az.Migrate mirrors it; not seen from ARM offline)",
    manifest: {
      keyVault: VAULT,
      defaults: { ...OWNERS, tags: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`d${i}`, "x"])) },
      workloads: { orders: identity({ tags: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`w${i}`, "x"])) }) },
    },
    expect: { exit: 2, path: "workloads.orders.tags", message: /^51 tags \(with defaults\.tags\) but ARM allows 50 per resource/ },
  },
  {
    rule: "arm-tag-value-length",
    catches: "a tag value over 256 characters (names over 512) on a managed identity",
    source: "https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations",
    realError: "InvalidTagValueLength: Tag value too large. … Maximum allowed length for tag value - '256' characters. (as Azure PowerShell Az.Migrate mirrors it; not seen from ARM offline)",
    manifest: { keyVault: VAULT, defaults: { ...OWNERS, tags: { owner: "x".repeat(257) } }, workloads: { orders: identity() } },
    expect: { exit: 2, path: "defaults.tags.owner", message: /^tag value has 257 characters; ARM allows 256/ },
  },
  {
    rule: "resource-group-name",
    catches: "a resource group name ARM refuses (1–90 letters, digits, _ - . ( ), not ending with a period) in keyVault or a managed identity",
    source: "azure-rest-api-specs@05432ee0:specification/common-types/resource-management/v5/types.json",
    realError: "ARM refuses the request: resourceGroupName must match ^[-\\w\\._\\(\\)]+$, 1–90 characters (the exact error text was not verified offline)",
    manifest: { keyVault: { ...VAULT, resourceGroupName: "rg-identity." }, defaults: OWNERS, workloads: { orders: identity({ resourceGroupName: "rg app" }) } },
    expect: { exit: 2, path: "keyVault.resourceGroupName", message: /^invalid resource group name "rg-identity\.": it ends with a period/ },
  },
  {
    rule: "role-scope-resource-group-name",
    catches: "a role scope whose resourceGroups segment is not a resource group name ARM accepts",
    source: "azure-rest-api-specs@05432ee0:specification/common-types/resource-management/v5/types.json",
    realError: "ARM refuses the role assignment's scope: its resourceGroups segment must match ^[-\\w\\._\\(\\)]+$, 1–90 characters (the exact error text was not verified offline)",
    manifest: { keyVault: VAULT, defaults: OWNERS, workloads: { daemon: app({ roles: [{ role: "Reader", scope: `/subscriptions/${SUB}/resourceGroups/rg%20app` }] }) } },
    expect: { exit: 2, path: "workloads.daemon.roles[0].scope", message: /the resource group "rg%20app" in this scope is not a name ARM accepts: it contains "%"/ },
  },
  {
    rule: "managed-identity-name-from-stack",
    catches: "a stack name that makes an invalid managed identity name (stack eu.prod: orders-eu.prod; ARM allows letters, digits, - and _ , 3–128)",
    source: "https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftmanagedidentity",
    realError: "ARM refuses the identity name 'orders-eu.prod' (letters, digits, hyphens and underscores, 3–128, starting with a letter or digit; the exact error text was not verified offline)",
    stack: "eu.prod",
    manifest: { keyVault: VAULT, defaults: OWNERS, workloads: { orders: identity() } },
    expect: { exit: 2, path: "workloads.orders", message: /would be named "orders-eu\.prod".*rename the stack \(e\.g\. "eu-prod"/ },
  },
];
