import data from "./data/azure-regions.json";
import { didYouMean } from "./suggest";
import { found, missing, type Lookup } from "./result";

/** An Azure region as ARM's Subscriptions - List Locations returns it (data/azure-regions.json). */
export interface Region {
  /** ARM's location name, e.g. `westeurope`. */
  name: string;
  /** e.g. `West Europe`. */
  displayName: string;
  regionalDisplayName: string;
  /** `Physical` (a datacenter region) or `Logical` (a geography such as `europe`). */
  regionType: string;
  regionCategory: string;
}

const regions: readonly Region[] = (data as unknown as { regions: Region[] }).regions;
const byName = new Map(regions.map((r) => [r.name.toLowerCase(), r]));
const byDisplayName = new Map(regions.flatMap((r) => [[r.displayName.toLowerCase(), r], [r.regionalDisplayName.toLowerCase(), r]] as const));
/** Suggestions come from the physical regions: the places a vault or an identity can actually live. */
const physical = regions.filter((r) => r.regionType === "Physical");

/** Suggestions compare without spaces, so "west europ" and "westeurop" both land on "westeurope". */
function suggestion(value: string): string {
  return didYouMean(value.toLowerCase().replace(/[\s()]+/g, ""), physical.map((r) => r.name));
}

/**
 * An Azure region by its ARM name (`westeurope`), case-insensitively. A display name (`West Europe`) is refused with
 * the name to use instead, so a manifest spells each region one way: the form ARM puts in resource ids and returns
 * in `location`. Anything else is refused with the closest region names.
 */
export function region(location: string): Lookup<Region> {
  const hit = byName.get(location.toLowerCase());
  if (hit) return found(hit);
  const display = byDisplayName.get(location.trim().toLowerCase());
  if (display) return missing(`"${location}" is the display name of Azure region "${display.name}"; use "${display.name}"`);
  return missing(`unknown Azure region "${location}"${suggestion(location)} (the names \`az account list-locations --query "[].name"\` prints)`);
}
