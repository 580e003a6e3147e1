import * as path from "node:path";
import { readJson } from "./source";
import type { CatalogSource } from "./source";

/**
 * The public export the region catalog is generated from: Azure/terraform-azurerm-avm-utl-regions (Azure Verified
 * Modules), whose weekly job saves ARM's `GET /subscriptions/{id}/locations?api-version=2023-07-01` response
 * (Subscriptions - List Locations, https://learn.microsoft.com/rest/api/resources/subscriptions/list-locations).
 */
export const REGIONS_EXPORT = { repository: "Azure/terraform-azurerm-avm-utl-regions", path: "modules/cached-data/locations.tf.json" } as const;

export interface RegionRecord {
  /** ARM's location name, e.g. `westeurope`: what `location` properties and resource ids carry. */
  name: string;
  /** e.g. `West Europe`. */
  displayName: string;
  /** e.g. `(Europe) West Europe`. */
  regionalDisplayName: string;
  /** `Physical` (a datacenter region) or `Logical` (a geography such as `europe`, or `global`). */
  regionType: string;
  /** `Recommended` or `Other`, as ARM lists them. */
  regionCategory: string;
}

export interface RegionCatalog {
  source: CatalogSource & { note: string };
  count: number;
  regions: RegionRecord[];
}

interface ArmLocation { name?: unknown; displayName?: unknown; regionalDisplayName?: unknown; metadata?: { regionType?: unknown; regionCategory?: unknown } }

export function buildRegionCatalog(checkout: string, source: CatalogSource): RegionCatalog {
  const file = path.join(checkout, REGIONS_EXPORT.path);
  const raw = readJson(file) as { locals?: { locations_cached?: { value?: ArmLocation[] } } };
  const value = raw.locals?.locations_cached?.value;
  if (!Array.isArray(value) || value.length === 0) throw new Error(`${file} has no locals.locations_cached.value list`);
  const regions = value.map((l, i): RegionRecord => {
    const text = (v: unknown, field: string) => {
      if (typeof v !== "string" || v === "") throw new Error(`${file}: value[${i}].${field} is missing`);
      return v;
    };
    return {
      name: text(l.name, "name"),
      displayName: text(l.displayName, "displayName"),
      regionalDisplayName: text(l.regionalDisplayName, "regionalDisplayName"),
      regionType: text(l.metadata?.regionType, "metadata.regionType"),
      regionCategory: text(l.metadata?.regionCategory, "metadata.regionCategory"),
    };
  }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const names = new Set(regions.map((r) => r.name));
  if (names.size !== regions.length) throw new Error(`${file} lists a region name twice`);
  return {
    source: {
      ...source,
      note: "ARM's Subscriptions - List Locations response (api-version 2023-07-01) for the public cloud; \"each resource provider may support a subset of this list\" (same docs page). " +
        `Regenerate with \`npm run catalog -- regions <clone of https://github.com/${REGIONS_EXPORT.repository}>\`.`,
    },
    count: regions.length,
    regions,
  };
}
