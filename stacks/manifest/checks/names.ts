import { MAX_APPLICATION_DISPLAY_NAME } from "../../../model/entra-limits";
import { vaultNameProblem } from "../../../model/key-vault";
import { stackScopedName } from "../../../model/naming";
import type { PathSegment, ProblemList } from "../problems";

/** Workload names become Key Vault secret names (`<name>-client-secret`, 127 characters at most) and logical names. */
export const WORKLOAD_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
export const MAX_WORKLOAD_NAME = 63;

export function checkWorkloadName(name: string, path: readonly PathSegment[], problems: ProblemList): void {
  if (!WORKLOAD_NAME.test(name) || name.includes("--")) {
    const suggestion = name.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/-+/g, "-").replace(/^-|-$/g, "").slice(0, MAX_WORKLOAD_NAME);
    problems.add(path, `invalid workload name "${name}": it becomes Key Vault secret and resource names, so use 1–${MAX_WORKLOAD_NAME} lowercase letters, digits and single dashes, starting and ending with a letter or digit${suggestion ? ` (e.g. "${suggestion}")` : ""}`);
  }
}

/** Azure Key Vault names (model/key-vault.ts cites the naming rules). */
export function checkVaultName(name: string, path: readonly PathSegment[], problems: ProblemList): void {
  const problem = vaultNameProblem(name);
  if (problem !== undefined) {
    problems.add(path, `invalid Key Vault name "${name}": ${problem}; use 3–24 letters, digits and single dashes, starting with a letter and ending with a letter or digit`);
  }
}

/**
 * Resource group names as ARM's REST specs declare them: 1–90 characters of `^[-\w\._\(\)]+$` (\w in .NET's sense:
 * Unicode letters, digits and connector punctuation) — Azure/azure-rest-api-specs
 * specification/common-types/resource-management/v5/types.json @05432ee0 `ResourceGroupNameParameter` — and, per the
 * naming rules, not ending with a period
 * (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftresources).
 */
const RESOURCE_GROUP_NAME = /^[-\p{L}\p{Mn}\p{Nd}\p{Pc}.()]+$/u;
export const MAX_RESOURCE_GROUP_NAME = 90;

/** Why `name` is not a resource group name ARM accepts, or undefined. */
export function resourceGroupNameProblem(name: string): string | undefined {
  const length = [...name].length;
  if (length < 1 || length > MAX_RESOURCE_GROUP_NAME) return `it has ${length} characters; ARM allows 1–${MAX_RESOURCE_GROUP_NAME}`;
  if (!RESOURCE_GROUP_NAME.test(name)) {
    const bad = [...new Set([...name].filter((c) => !RESOURCE_GROUP_NAME.test(c)))].map((c) => JSON.stringify(c)).join(", ");
    return `it contains ${bad}; ARM allows letters, digits, underscores, hyphens, periods and parentheses`;
  }
  if (name.endsWith(".")) return "it ends with a period, which ARM refuses";
  return undefined;
}

export function checkResourceGroupName(name: string | undefined, path: readonly PathSegment[], problems: ProblemList): void {
  if (name === undefined) return;
  const problem = resourceGroupNameProblem(name);
  if (problem) problems.add(path, `invalid resource group name "${name}": ${problem}`);
}

/**
 * User-assigned managed identity names: 3–128 characters, letters, digits, hyphens and underscores, beginning with a
 * letter or digit (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftmanagedidentity).
 * The 2023-01-31 spec azure-native 3.28 sends (Azure/azure-rest-api-specs
 * specification/msi/resource-manager/Microsoft.ManagedIdentity/stable/2023-01-31/ManagedIdentity.json @16c9ca76,
 * `ResourceNameParameter`) declares no pattern, so the naming-rules page is the source.
 */
export const MANAGED_IDENTITY_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$/;

/**
 * The managed identity name built from the workload and the stack name (`orders-api-eu.prod` for stack `eu.prod`):
 * Pulumi allows dots in stack names, ARM does not in identity names.
 */
export function checkManagedIdentityName(workload: string, stack: string, path: readonly PathSegment[], problems: ProblemList): void {
  const built = stackScopedName(workload, stack);
  if (MANAGED_IDENTITY_NAME.test(built)) return;
  const fix = stack.replace(/[^A-Za-z0-9_-]+/g, "-");
  const why = built.length > 128
    ? `it has ${built.length} characters and ARM allows 128`
    : "ARM allows only letters, digits, hyphens and underscores in managed identity names";
  problems.add(path, `the managed identity would be named "${built}" (workload name + "-" + stack name "${stack}"), which ARM refuses: ${why}; ` +
    (fix !== stack ? `rename the stack (e.g. "${fix}": pulumi stack rename ${fix}, and rename stacks/Pulumi.${stack}.yaml to match)` : "shorten the workload or stack name"));
}

/**
 * An application's display name (the manifest's `displayName`, else `<workload>-<stack>`) within Graph's 256
 * characters (model/entra-limits.ts cites the source): the manifest alone shows it, so exit 2, not Graph's 400.
 */
export function checkApplicationDisplayName(displayName: string | undefined, path: readonly PathSegment[], problems: ProblemList): void {
  if (displayName === undefined || displayName.length <= MAX_APPLICATION_DISPLAY_NAME) return;
  const derived = path[path.length - 1] === "name";
  problems.add(derived ? path.slice(0, -1) : path, `the application's display name ${derived ? "(<workload>-<stack>) " : ""}has ${displayName.length} characters; Microsoft Graph allows at most ${MAX_APPLICATION_DISPLAY_NAME}: ${derived ? "shorten the workload or stack name, or set a shorter displayName" : "shorten displayName"}`);
}

/**
 * Applications are created with `preventDuplicateNames` (components/application.ts): the pinned provider lists the
 * tenant's applications of the display name before creating one and refuses the create when one exists
 * (terraform-provider-azuread@38d1993a:internal/services/applications/application_resource.go
 * applicationResourceCreate, "Perform this check at apply time to catch any duplicate names created during the same
 * apply"; applications.go applicationFindByName compares the names exactly, so letter case tells them apart). Two
 * application workloads of one display name (given, or `<workload>-<stack>`) can therefore never both be created.
 */
export function checkDisplayNamesUnique(workloads: readonly { name: string; kind: string; displayName?: string }[], stack: string | undefined, problems: ProblemList): void {
  const seen = new Map<string, string>();
  for (const w of workloads) {
    if (w.kind !== "application") continue;
    const shown = w.displayName ?? (stack === undefined ? undefined : stackScopedName(w.name, stack));
    if (shown === undefined) continue;
    const earlier = seen.get(shown);
    if (earlier === undefined) {
      seen.set(shown, w.name);
      continue;
    }
    problems.add(w.displayName === undefined ? ["workloads", w.name] : ["workloads", w.name, "displayName"],
      `the application's display name "${shown}"${w.displayName === undefined ? " (<workload>-<stack>)" : ""} is already workloads.${earlier}'s; ` +
      "applications are created with prevent_duplicate_names, so the azuread provider would refuse the second (An existing \"azuread_application\" with name … was found): give one of them another displayName");
  }
}
