import type { RawManifest } from "./parse";

/** What the manifest needs of a stack config: `pulumi.Config("entra-workloads")` is one. */
export interface ConfigReader {
  get(key: string): string | undefined;
}

/**
 * A structured config value, or the raw text when it is not JSON (`workloads: none`), so the manifest
 * check names the key and the fix instead of a JSON parser failing first.
 */
function structured(config: ConfigReader, key: string): unknown {
  const raw = config.get(key);
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/** The manifest's three keys from the stack config (`entra-workloads:*`). */
export function readManifestConfig(config: ConfigReader): RawManifest {
  return { keyVault: structured(config, "keyVault"), defaults: structured(config, "defaults"), workloads: structured(config, "workloads") };
}
