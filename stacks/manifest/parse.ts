import type { z } from "zod";
import * as schema from "./schema";
import { ProblemList, type Problem } from "./problems";
import { addZodProblems } from "./zod-problems";
import { checkLogicalNames } from "./checks/logical-names";
import { checkApplicationDisplayName, checkManagedIdentityName, checkResourceGroupName, checkVaultName, checkWorkloadName } from "./checks/names";
import { checkArmTags } from "./checks/tags";
import { checkCredentials } from "./checks/credentials";
import { checkApiPermissions } from "./checks/permissions";
import { checkRoles } from "./checks/roles";
import { checkRedirectUris } from "./checks/web";
import { checkAdopt } from "./checks/adopt";
import { checkLocation } from "./checks/location";
import { checkExpose, checkSecretReaders } from "./checks/expose";
import { checkSignIn } from "./checks/sign-in";
import { checkFlexibleFederated } from "./checks/flexible-federated";
import type { ExposedApi } from "../../model/exposed-api";
import { stackScopedName } from "../../model/naming";
import type { Manifest } from "./model";
import type { WorkloadSpec as ResolvedWorkload } from "../../model/workload-spec";

/** The three stack config values as Pulumi hands them over (already JSON-decoded), unvalidated. */
export interface RawManifest {
  keyVault?: unknown;
  defaults?: unknown;
  workloads?: unknown;
}

export interface ParseOptions {
  /** `azure-native:location`, the fallback location for the vault and managed identities. */
  location?: string;
  /** The stack's name: part of the Azure names the toolkit builds (a managed identity is `<workload>-<stack>`). */
  stack?: string;
}

export interface ParseResult {
  /** Present only when there is no error. */
  manifest?: Manifest;
  errors: Problem[];
  warnings: Problem[];
}

function parsePart<S extends z.ZodType>(s: S, value: unknown, path: string[], problems: ProblemList): z.output<S> | undefined {
  const result = s.safeParse(value);
  if (result.success) return result.data;
  addZodProblems(result.error, path, problems);
  return undefined;
}

/** `{ [key]: value }`, or nothing when the value is absent (so resolved specs carry no undefined keys). */
function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function resolveWorkload(
  name: string,
  spec: schema.WorkloadSpec,
  defaults: schema.DefaultsSpec,
  options: ParseOptions,
  problems: ProblemList,
  warnings: ProblemList,
  stackApis: ReadonlyMap<string, ExposedApi | undefined> = new Map(),
): ResolvedWorkload {
  const at = ["workloads", name];
  if (spec.type === "managedIdentity") {
    if (!spec.resourceGroupName) problems.add([...at, "resourceGroupName"], "is required for a managed identity: name the resource group the identity is created in");
    if (spec.web) problems.add([...at, "web"], "a managed identity cannot sign users in; remove web, or make this an application workload");
  } else if (spec.resourceGroupName || spec.location) {
    problems.add([...at, spec.resourceGroupName ? "resourceGroupName" : "location"], "applies to managed identities only (type: managedIdentity); remove it");
  }
  if (spec.type === "managedIdentity") checkLocation(spec.location, [...at, "location"], problems);
  const location = spec.location ?? defaults.location ?? options.location;
  if (spec.type === "managedIdentity") {
    checkResourceGroupName(spec.resourceGroupName, [...at, "resourceGroupName"], problems);
    if (options.stack !== undefined) checkManagedIdentityName(name, options.stack, at, problems);
    checkArmTags({ defaults: defaults.tags, own: spec.tags ?? {}, workload: at }, problems);
  }
  if (spec.type === "managedIdentity" && !location) {
    problems.add([...at, "location"], "is required for a managed identity: set it here, in defaults.location, or as azure-native:location");
  }
  if (spec.type === "application") checkApplicationDisplayName(spec.displayName ?? (options.stack === undefined ? undefined : stackScopedName(name, options.stack)), [...at, spec.displayName === undefined ? "name" : "displayName"], problems);
  const adopt = checkAdopt(spec, at, problems);
  const redirectUris = spec.web ? checkRedirectUris(spec.web.redirectUris, [...at, "web", "redirectUris"], problems) : [];
  return {
    name,
    kind: spec.type,
    description: spec.description,
    owners: spec.owners ?? defaults.owners,
    tags: { ...defaults.tags, ...spec.tags },
    resourceGroupName: spec.resourceGroupName,
    location: spec.type === "managedIdentity" ? location : undefined,
    credentials: checkCredentials(spec.type, spec.credentials, [...at, "credentials"], problems, warnings),
    apiPermissions: checkApiPermissions(spec.apiPermissions, { kind: spec.type, hasRedirectUri: redirectUris.length > 0, stackApis }, [...at, "apiPermissions"], problems, warnings),
    roles: checkRoles(spec.roles, [...at, "roles"], problems),
    redirectUris,
    ...(spec.displayName === undefined || spec.type !== "application" ? {} : { displayName: spec.displayName }),
    ...(adopt === undefined ? {} : { adopt }),
    ...(stackApis.get(name) === undefined ? {} : { expose: stackApis.get(name) }),
    ...(spec.secretReaders.length === 0 ? {} : { secretReaders: checkSecretReaders(spec.secretReaders, [...stackApis.keys()], [...at, "secretReaders"], problems) }),
    ...optional("signIn", checkSignIn(spec, stackApis.get(name), at, problems, warnings)),
    ...optional("flexibleFederatedCredentials", checkFlexibleFederated(spec, [...at, "flexibleFederatedCredentials"], problems, warnings)),
    ...optional("serviceManagementReference", spec.type === "application" ? spec.serviceManagementReference : undefined),
    ...optional("groupMembershipClaims", spec.type === "application" ? spec.groupMembershipClaims : undefined),
  };
}

/**
 * Validates the whole manifest and resolves every name against the catalogs. Every problem is reported at
 * once; a manifest is returned only when there are none, so nothing is ever declared from bad input.
 */
export function parseManifest(raw: RawManifest, options: ParseOptions = {}): ParseResult {
  const problems = new ProblemList();
  const warnings = new ProblemList();

  if (raw.keyVault === undefined) problems.add(["keyVault"], "is required: set entra-workloads:keyVault to { name, resourceGroupName, create }");
  const keyVault = raw.keyVault === undefined ? undefined : parsePart(schema.keyVault, raw.keyVault, ["keyVault"], problems);
  if (keyVault) checkVaultName(keyVault.name, ["keyVault", "name"], problems);
  checkResourceGroupName(keyVault?.resourceGroupName, ["keyVault", "resourceGroupName"], problems);
  checkLocation(options.location, "azure-native:location", problems);
  checkLocation(keyVault?.location, ["keyVault", "location"], problems);
  if (keyVault?.create && !(keyVault.location ?? options.location)) {
    problems.add(["keyVault", "location"], "is required to create the vault: set it here or as azure-native:location");
  }
  const defaults = parsePart(schema.defaults, raw.defaults ?? {}, ["defaults"], problems) ?? schema.defaults.parse({});
  checkLocation(defaults.location, ["defaults", "location"], problems);

  const workloads: ResolvedWorkload[] = [];
  if (raw.workloads === undefined) {
    problems.add(["workloads"], "is required: set entra-workloads:workloads to a map of workload name → settings");
  } else if (!isPlainObject(raw.workloads)) {
    problems.add(["workloads"], "must be a map of workload name → settings, not a list or a value");
  } else {
    // Two passes: what each workload exposes first, so apiPermissions and secretReaders may name any workload.
    const specs: [string, schema.WorkloadSpec][] = [];
    const stackApis = new Map<string, ExposedApi | undefined>();
    for (const [name, value] of Object.entries(raw.workloads)) {
      checkWorkloadName(name, ["workloads", name], problems);
      const spec = parsePart(schema.workload, value ?? {}, ["workloads", name], problems);
      stackApis.set(name, spec && checkExpose(name, spec.type, spec.expose, ["workloads", name, "expose"], problems, warnings));
      if (spec) specs.push([name, spec]);
    }
    checkLogicalNames(Object.keys(raw.workloads), problems);
    for (const [name, spec] of specs) workloads.push(resolveWorkload(name, spec, defaults, options, problems, warnings, stackApis));
    if (Object.keys(raw.workloads).length === 0) warnings.add(["workloads"], "no workloads are declared");
  }

  const result: ParseResult = { errors: problems.items, warnings: warnings.items };
  if (problems.empty && keyVault) {
    result.manifest = { keyVault: { ...keyVault, location: keyVault.location ?? options.location }, workloads };
  }
  return result;
}
