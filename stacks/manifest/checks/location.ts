import { region } from "../../../model/catalog";
import type { PathSegment, ProblemList } from "../problems";

/**
 * A `location` must be one of Azure's region names: for anything else ARM answers, at `pulumi up`,
 * `LocationNotAvailableForResourceType` ("The provided location 'x' is not available for resource type
 * 'Microsoft.KeyVault/vaults'. List of available regions …"). The list is ARM's own
 * Subscriptions - List Locations response (model/catalog/data/azure-regions.json, which records the export and
 * commit it was generated from): https://learn.microsoft.com/rest/api/resources/subscriptions/list-locations.
 * That page adds that "each resource provider may support a subset of this list", so passing here is necessary,
 * not sufficient: whether Key Vault or managed identities are offered in a region is the subscription's to say.
 *
 * A display name ("West Europe") is refused with the name to use ("westeurope"): one spelling per region, the
 * one ARM returns. `path` is a manifest path, or a stack config key such as `azure-native:location`.
 */
export function checkLocation(location: string | undefined, path: readonly PathSegment[] | string, problems: ProblemList): void {
  if (location === undefined) return;
  const hit = region(location);
  if (hit.ok) return;
  const message = `${hit.message}; the region names are in model/catalog/data/azure-regions.json`;
  // A config key is reported as the user writes it (`azure-native:location`), not as a bracketed manifest path.
  if (typeof path === "string") problems.items.push({ path, message });
  else problems.add(path, message);
}
