import type * as pulumi from "@pulumi/pulumi";

/**
 * Leaves out the aliases azure-native gives every resource to each explicit-API-version type of itself, keeping every
 * other alias (our own renames, `{ name }`). A resource option of the azure-native resources the components declare.
 *
 * Why: each azure-native resource lists one `{ type }` alias per API version of its kind (@pulumi/azure-native@3.28.0
 * keyvault/secret.js `aliasOpts`: 20 for a Secret, from `azure-native:keyvault/v20161001:Secret` to
 * `azure-native:keyvault/v20260301preview:Secret`; 21 for a Vault, 9 for a RoleAssignment and a UserAssignedIdentity,
 * 6 for a managed identity's FederatedIdentityCredential), so that a program can move between an API version's own
 * module and the default one without a replacement (https://www.pulumi.com/registry/packages/azure-native/version-guide/;
 * https://www.pulumi.com/docs/iac/concepts/options/aliases/: an alias names a URN the resource may have had before).
 * This toolkit has only ever declared the default modules' types (`azure-native:keyvault:Secret`, …; azure-native v3
 * ships no API-version modules at all), so no state of its stacks holds those types and the aliases match nothing.
 * They are not free: the SDK turns every alias into a URN output as the resource is constructed, through its parent's
 * URN (@pulumi/pulumi@3.248.0 resource.js, Resource constructor → collapseAliasToUrn → createUrn), about 70 per
 * workload — half of a plan's program time (bench/notes.md). URNs, inputs and plan.json do not change.
 */
export const withoutApiVersionAliases: pulumi.ResourceTransformation = ({ type, props, opts }) => {
  const aliases = opts.aliases;
  if (aliases === undefined || aliases.length === 0) return undefined;
  const kept = aliases.filter((alias) => !isApiVersionAlias(alias, type));
  return kept.length === aliases.length ? undefined : { props, opts: { ...opts, aliases: kept } };
};

/**
 * `{ type: "<package>:<module>/v<yyyymmdd>[suffix]:<Resource>" }` for the resource's own `<package>:<module>:<Resource>`,
 * and nothing else (no name, parent, stack or project: an alias with any of those names another resource).
 */
export function isApiVersionAlias(alias: pulumi.Input<string | pulumi.Alias>, type: string): boolean {
  if (typeof alias !== "object" || alias === null || !("type" in alias) || Object.keys(alias).length !== 1) return false;
  const aliasType = alias.type;
  if (typeof aliasType !== "string") return false;
  const [pkg, module, resource, ...rest] = type.split(":");
  if (module === undefined || resource === undefined || rest.length > 0) return false;
  const prefix = `${pkg}:${module}/v`;
  const suffix = `:${resource}`;
  return aliasType.startsWith(prefix) && aliasType.endsWith(suffix) &&
    /^\d{8}[a-z]*$/.test(aliasType.slice(prefix.length, aliasType.length - suffix.length));
}
