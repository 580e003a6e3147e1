import { distance } from "fastest-levenshtein";
import { didYouMean } from "../../../model/catalog/suggest";

/** The program's namespace in the stack config (`pulumi.Config("entra-workloads")`). */
export const NAMESPACE = "entra-workloads";
/** The keys the program reads from a stack file (index.ts, stacks/manifest/config.ts). */
export const MANIFEST_KEYS = ["keyVault", "defaults", "workloads"] as const;

/**
 * The provider configuration keys of the two Azure providers the program uses, as their SDKs declare them: a key of
 * these namespaces that is not one of them is ignored by the provider (`azure-native:locaton` leaves the location
 * unset). Sources: @pulumi/azure-native 3.28.0 `config/vars.d.ts` and @pulumi/azuread 6.9.1 `config/vars.d.ts`
 * (node_modules; test/hostile/second-pass/config-keys.test.ts checks the lists against those files). `version` and
 * `pluginDownloadURL` are the engine's own keys for every default provider
 * (https://www.pulumi.com/docs/iac/concepts/resources/providers/#default-provider-configuration).
 */
export const PROVIDER_KEYS: Readonly<Record<string, readonly string[]>> = {
  "azure-native": [
    "auxiliaryTenantIds", "clientCertificatePassword", "clientCertificatePath", "clientId", "clientSecret", "disableInstanceDiscovery",
    "disablePulumiPartnerId", "environment", "location", "metadataHost", "msiEndpoint", "oidcRequestToken", "oidcRequestUrl", "oidcToken",
    "oidcTokenFilePath", "partnerId", "subscriptionId", "tenantId", "useDefaultAzureCredential", "useMsi", "useOidc",
  ],
  azuread: [
    "adoPipelineServiceConnectionId", "clientCertificate", "clientCertificatePassword", "clientCertificatePath", "clientId", "clientIdFilePath",
    "clientSecret", "clientSecretFilePath", "disableTerraformPartnerId", "environment", "metadataHost", "msiEndpoint", "oidcRequestToken",
    "oidcRequestUrl", "oidcToken", "oidcTokenFilePath", "partnerId", "tenantId", "useAksWorkloadIdentity", "useCli", "useMsi", "useOidc",
  ],
};
const ENGINE_PROVIDER_KEYS = ["version", "pluginDownloadURL"];

/**
 * The key Pulumi makes of a stack file's config key (pulumi/pulumi sdk/go/common/workspace/loaders.go
 * `stackConfigNamespacedWithProject`: a key without ":" is the project's, "{projectName}:<key>"; and
 * sdk/go/common/resource/config/key.go `ParseKey`: `<namespace>:config:<name>` is the old form of `<namespace>:<name>`).
 * The project is named like the program's namespace (Pulumi.yaml `name: entra-workloads`), so a bare `owners:` reaches
 * the program as `entra-workloads:owners` under `pulumi up`; `undefined` for a key ParseKey refuses (`a:b:c`).
 */
export function keyAsPulumiReadsIt(key: string): string | undefined {
  const parts = key.split(":");
  if (parts.length === 1) return `${NAMESPACE}:${key}`;
  if (parts.length === 2) return key;
  if (parts.length === 3 && parts[1] === "config" && parts[0] !== "" && parts[2] !== "") return `${parts[0]}:${parts[2]}`;
  return undefined;
}

/** A namespace that is ours mistyped: another letter case, `_` for `-`, or one or two letters off. */
function looksLikeOurs(namespace: string): boolean {
  if (namespace === NAMESPACE) return false;
  const folded = namespace.toLowerCase().replace(/[_\s.]/g, "-");
  return folded === NAMESPACE || distance(folded, NAMESPACE) <= 2;
}

/** A namespace without letter case and separators: `Azure-Native`, `azure_native` and `azurenative` fold alike. */
const fold = (namespace: string): string => namespace.toLowerCase().replace(/[-_\s.]/g, "");

/** A key as a message shows it: quoted when it holds spaces or other characters a reader would not see. */
function shown(key: string): string {
  return /^[\w:.-]+$/.test(key) ? key : JSON.stringify(key);
}

/** A config key the program refuses, and why (what `pulumi up` and the offline reader both say). */
export interface ConfigKeyFinding {
  key: string;
  message: string;
}

/**
 * Problems with the config keys of a stack file: an `entra-workloads:*` key the
 * program does not read (its owners, tags or workloads would be silently dropped) is refused with the closest known
 * key, and a pinned clock (`entra-workloads:now`, in any letter case) is refused: offline `--now` overrides it, yet
 * under `pulumi up` it would freeze rotation at that date (stacks/manifest/clock.ts). A key in a namespace that is
 * ours mistyped (`Entra-Workloads:workloads`, `entra_workloads:…`) and a key the azure-native or azuread provider does
 * not declare (`azure-native:locaton`) would be ignored as well, and are refused the same way.
 */
export function configKeyFindings(keys: Iterable<string>): ConfigKeyFinding[] {
  const problems: ConfigKeyFinding[] = [];
  for (const key of keys) {
    const at = key.indexOf(":");
    const namespace = at < 0 ? key : key.slice(0, at);
    const name = at < 0 ? "" : key.slice(at + 1);
    if (namespace !== NAMESPACE) {
      if (looksLikeOurs(namespace)) {
        const meant = MANIFEST_KEYS.find((k) => k.toLowerCase() === name.trim().toLowerCase());
        problems.push({ key, message: `the namespace "${namespace}" is not the program's ("${NAMESPACE}"), so its value would be ignored; ` +
          `write ${meant !== undefined ? `${NAMESPACE}:${meant}` : `${NAMESPACE}:<key>`} (the keys are ${MANIFEST_KEYS.map((k) => `${NAMESPACE}:${k}`).join(", ")})` });
      }
      // A provider's namespace in another letter case or with other separators (`Azure-Native:location`,
      // `azure_native:…`, `AzureAD:…`) is another namespace to Pulumi: config keys are case-sensitive
      // (https://www.pulumi.com/docs/iac/concepts/config/), so the provider never sees the value.
      const provider = Object.keys(PROVIDER_KEYS).find((p) => p !== namespace && fold(p) === fold(namespace));
      if (provider !== undefined) {
        const meant = PROVIDER_KEYS[provider].find((k) => k.toLowerCase() === name.trim().toLowerCase()) ?? name;
        problems.push({ key, message: `the namespace "${namespace}" is not the ${provider} provider's ("${provider}"), so its value would be ignored; write ${provider}:${meant}` });
        continue;
      }
      const declared = PROVIDER_KEYS[namespace];
      if (declared !== undefined && !declared.includes(name) && !ENGINE_PROVIDER_KEYS.includes(name)) {
        problems.push({ key, message: `the ${namespace} provider has no setting ${JSON.stringify(name)}, so its value would be ignored${didYouMean(name, declared, 1) || ""}` });
      }
      continue;
    }
    if ((MANIFEST_KEYS as readonly string[]).includes(name)) continue;
    if (name.trim().toLowerCase() === "now") {
      problems.push({ key, message: `a pinned clock does not belong in a stack file — under pulumi up it would freeze rotation at that date; remove it and pass --now to the offline commands` });
    } else {
      const meant = MANIFEST_KEYS.find((k) => k.toLowerCase() === name.trim().toLowerCase());
      problems.push({ key, message: `the program reads no such key${name !== name.trim() ? ` (${shown(key)} has surrounding spaces)` : ""}, so its value would be ignored` +
        `${meant !== undefined ? ` — did you mean "${meant}"?` : didYouMean(name, MANIFEST_KEYS, 1) || ""}; the keys are ${MANIFEST_KEYS.map((k) => `${NAMESPACE}:${k}`).join(", ")}` });
    }
  }
  return problems;
}

/** The same, one line each: `config <key>: <problem>`. */
export function configKeyProblems(keys: Iterable<string>): string[] {
  return configKeyFindings(keys).map((f) => `config ${f.key}: ${f.message}`);
}
