import type { z } from "zod";
import * as schema from "./schema";
import { formatPath, ProblemList, type PathSegment, type Problem } from "./problems";
import { addZodProblems, isPlainObject, NO_FRAGMENTS, salvage, type Fragment } from "./zod-problems";
import { checkLogicalNames } from "./checks/logical-names";
import { checkApplicationDisplayName, checkDisplayNamesUnique, checkManagedIdentityName, checkResourceGroupName, checkVaultName, checkWorkloadName } from "./checks/names";
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
import { checkInvisible } from "./checks/invisible";

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

/** A part of the manifest (a workload, keyVault, defaults) as far as its shape allows. */
interface Part<T> {
  /** The part, when its shape is right. */
  valid?: T;
  /** The part, or what is left of it when its shape is wrong (zod-problems.ts, salvage). */
  value: Partial<T>;
  /** Its fields whose value a shape error hides. */
  unknown: ReadonlySet<string>;
  /** Its fields that hold malformed list items, left as holes (zod-problems.ts, salvage). */
  partial: ReadonlySet<string>;
  /** The well-formed fields of its malformed list items, per list (zod-problems.ts, salvage). */
  fragments: ReadonlyMap<string, ReadonlyMap<number, Fragment>>;
}

/**
 * Parses a part; when its shape is wrong, records every shape problem and salvages the rest, so the meaning of what
 * is well-formed is still checked and one run names every problem.
 */
function parsePart<S extends z.ZodObject>(s: S, value: unknown, path: string[], problems: ProblemList): Part<z.output<S>> {
  const result = s.safeParse(value);
  if (result.success) return { valid: result.data, value: result.data, unknown: new Set(), partial: new Set(), fragments: new Map() };
  addZodProblems(result.error, path, problems);
  return salvage(s, value);
}

/** What a shape error elsewhere leaves unknown to a workload's checks. */
interface Unknowns {
  /** Fields of this workload whose value a shape error hides. */
  fields: ReadonlySet<string>;
  /** defaults.location is malformed: a workload without a location of its own may still have one. */
  defaultLocation: boolean;
  /** What is known of this workload's malformed list items, for the checks that compare items. */
  fragments?: ReadonlyMap<string, ReadonlyMap<number, Fragment>>;
}

const NOTHING_UNKNOWN: Unknowns = { fields: new Set(), defaultLocation: false };

type Run<R> = (problems: ProblemList, warnings: ProblemList) => R;

const isUnder = (path: string, prefix: string): boolean =>
  path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);

/**
 * Runs checks whose findings may rest on what a shape error hides, and keeps only the findings that do not: none at
 * or under a `tainted` path (the malformed field itself, or what is judged against it), and, with several `runs` (one
 * per value an unknown field may take), only the findings every run makes. Returns the first run's result.
 */
function settle<R>(runs: readonly Run<R>[], tainted: readonly string[], problems: ProblemList, warnings: ProblemList): R {
  const outcomes = runs.map((run) => {
    const found = { problems: new ProblemList(), warnings: new ProblemList() };
    return { ...found, result: run(found.problems, found.warnings) };
  });
  const key = (p: Problem) => `${p.path}\u0000${p.message}`;
  for (const kind of ["problems", "warnings"] as const) {
    const others = outcomes.slice(1).map((o) => new Set(o[kind].items.map(key)));
    const into = kind === "problems" ? problems : warnings;
    for (const item of outcomes[0][kind].items) {
      if (tainted.some((prefix) => isUnder(item.path, prefix))) continue;
      if (others.every((seen) => seen.has(key(item)))) into.keep(item);
    }
  }
  return outcomes[0].result;
}

/** The types a workload may have: its own, or both when its `type` is malformed. */
function typesOf(spec: schema.WorkloadSpec, unknown: ReadonlySet<string>): schema.WorkloadSpec["type"][] {
  return unknown.has("type") ? ["application", "managedIdentity"] : [spec.type];
}

/** `{ [key]: value }`, or nothing when the value is absent (so resolved specs carry no undefined keys). */
function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function resolveWorkload(
  name: string,
  spec: schema.WorkloadSpec,
  defaults: schema.DefaultsSpec,
  options: ParseOptions,
  problems: ProblemList,
  warnings: ProblemList,
  stackApis: ReadonlyMap<string, ExposedApi | undefined> = new Map(),
  unknown: Unknowns = NOTHING_UNKNOWN,
): ResolvedWorkload {
  const at = ["workloads", name];
  const fragments = (field: string) => unknown.fragments?.get(field) ?? NO_FRAGMENTS;
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
  if (spec.type === "managedIdentity" && !location && !unknown.defaultLocation) {
    problems.add([...at, "location"], "is required for a managed identity: set it here, in defaults.location, or as azure-native:location");
  }
  if (spec.type === "application" && !unknown.fields.has("displayName")) checkApplicationDisplayName(spec.displayName ?? (options.stack === undefined ? undefined : stackScopedName(name, options.stack)), [...at, spec.displayName === undefined ? "name" : "displayName"], problems);
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
    credentials: checkCredentials(spec.type, spec.credentials, [...at, "credentials"], problems, warnings, fragments("credentials")),
    apiPermissions: checkApiPermissions(spec.apiPermissions, { kind: spec.type, hasRedirectUri: redirectUris.length > 0 || unknown.fields.has("web"), stackApis }, [...at, "apiPermissions"], problems, warnings),
    roles: checkRoles(spec.roles, [...at, "roles"], problems, fragments("roles")),
    redirectUris,
    ...(spec.displayName === undefined || spec.type !== "application" ? {} : { displayName: spec.displayName }),
    ...(adopt === undefined ? {} : { adopt }),
    ...(stackApis.get(name) === undefined ? {} : { expose: stackApis.get(name) }),
    ...(spec.secretReaders.length === 0 ? {} : { secretReaders: checkSecretReaders(spec.secretReaders, [...stackApis.keys()], [...at, "secretReaders"], problems) }),
    ...optional("signIn", checkSignIn(spec, stackApis.get(name), at, problems, warnings)),
    ...optional("flexibleFederatedCredentials", checkFlexibleFederated(spec, [...at, "flexibleFederatedCredentials"], problems, warnings, { credentials: fragments("credentials"), flexible: fragments("flexibleFederatedCredentials") })),
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

  // Under pulumi up no stack-file reader ran first: invisible characters are refused here too.
  checkInvisible(raw.keyVault, ["keyVault"], problems);
  checkInvisible(raw.defaults, ["defaults"], problems);
  checkInvisible(raw.workloads, ["workloads"], problems, "workloads");
  if (raw.keyVault === undefined) problems.add(["keyVault"], "is required: set entra-workloads:keyVault to { name, resourceGroupName, create }");
  const keyVaultPart = raw.keyVault === undefined ? undefined : parsePart(schema.keyVault, raw.keyVault, ["keyVault"], problems);
  const keyVault = keyVaultPart?.value ?? {};
  if (keyVault.name !== undefined) checkVaultName(keyVault.name, ["keyVault", "name"], problems);
  checkResourceGroupName(keyVault.resourceGroupName, ["keyVault", "resourceGroupName"], problems);
  checkLocation(options.location, "azure-native:location", problems);
  checkLocation(keyVault.location, ["keyVault", "location"], problems);
  if (keyVault.create && !(keyVault.location ?? options.location) && !keyVaultPart?.unknown.has("location")) {
    problems.add(["keyVault", "location"], "is required to create the vault: set it here or as azure-native:location");
  }
  const defaultsPart = parsePart(schema.defaults, raw.defaults ?? {}, ["defaults"], problems);
  const defaults: schema.DefaultsSpec = defaultsPart.valid ?? { ...schema.defaults.parse({}), ...defaultsPart.value };
  checkLocation(defaults.location, ["defaults", "location"], problems);

  const workloads: ResolvedWorkload[] = [];
  if (raw.workloads === undefined) {
    problems.add(["workloads"], "is required: set entra-workloads:workloads to a map of workload name → settings");
  } else if (!isPlainObject(raw.workloads)) {
    problems.add(["workloads"], "must be a map of workload name → settings, not a list or a value");
  } else {
    // Two passes: what each workload exposes first, so apiPermissions and secretReaders may name any workload.
    const specs: { name: string; spec: schema.WorkloadSpec; unknown: ReadonlySet<string>; fragments: Part<schema.WorkloadSpec>["fragments"] }[] = [];
    const stackApis = new Map<string, ExposedApi | undefined>();
    // Workloads whose API a shape error hides (a malformed expose, or a malformed type beside an expose): what others
    // ask of it cannot be judged.
    const unknownApis = new Set<string>();
    for (const [name, value] of Object.entries(raw.workloads)) {
      const at = ["workloads", name];
      checkWorkloadName(name, at, problems);
      const part = parsePart(schema.workload, value ?? {}, at, problems);
      const spec: schema.WorkloadSpec = part.valid ?? { ...schema.workload.parse({}), ...part.value };
      // An expose with malformed app roles or scopes still has its well-formed ones checked, but what it publishes is
      // not known whole: a workload asking for the malformed one would be told it does not exist.
      if (part.unknown.has("expose") || part.partial.has("expose") || (part.unknown.has("type") && spec.expose !== undefined)) unknownApis.add(name);
      const runs = typesOf(spec, part.unknown).map((type): Run<ExposedApi | undefined> =>
        (p, w) => checkExpose(name, type, spec.expose, [...at, "expose"], p, w));
      stackApis.set(name, settle(runs, [], problems, warnings));
      specs.push({ name, spec, unknown: part.unknown, fragments: part.fragments });
    }
    checkLogicalNames(Object.keys(raw.workloads), problems);
    const defaultLocation = defaultsPart.unknown.has("location");
    for (const { name, spec, unknown, fragments } of specs) {
      const tainted = taintedPaths(name, spec, unknown, unknownApis);
      const runs = typesOf(spec, unknown).map((type): Run<ResolvedWorkload> =>
        (p, w) => resolveWorkload(name, { ...spec, type }, defaults, options, p, w, stackApis, { fields: unknown, defaultLocation, fragments }));
      workloads.push(settle(runs, tainted, problems, warnings));
    }
    // A workload whose type or displayName a shape error hides has no display name anyone can tell.
    checkDisplayNamesUnique(workloads.filter((_, i) => !specs[i].unknown.has("type") && !specs[i].unknown.has("displayName")), options.stack, problems);
    if (Object.keys(raw.workloads).length === 0) warnings.add(["workloads"], "no workloads are declared");
  }

  const result: ParseResult = { errors: problems.items, warnings: warnings.items };
  if (problems.empty && keyVaultPart?.valid) {
    result.manifest = { keyVault: { ...keyVaultPart.valid, location: keyVaultPart.valid.location ?? options.location }, workloads };
  }
  return result;
}

/**
 * Where a workload's findings would only echo a shape error: its malformed fields; who may sign in, and what it
 * grants others, when its own API is unknown (web.assignments name its app roles); and each of its apiPermissions
 * that names a workload whose API is unknown.
 */
function taintedPaths(name: string, spec: schema.WorkloadSpec, unknown: ReadonlySet<string>, unknownApis: ReadonlySet<string>): string[] {
  const at: PathSegment[] = ["workloads", name];
  const paths = [...unknown].map((field) => formatPath([...at, field]));
  if (unknownApis.has(name)) paths.push(formatPath([...at, "web", "assignments"]), formatPath([...at, "web", "appRoleAssignmentRequired"]));
  spec.apiPermissions.forEach((access, i) => {
    if (unknownApis.has(access.api)) paths.push(formatPath([...at, "apiPermissions", i]));
  });
  return paths;
}
