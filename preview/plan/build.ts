import type { WorkloadSummary } from "../../model/summary";
import type { CapturedResource } from "../runtime/capture-monitor";
import { MICROSOFT_GRAPH_APP_ID } from "../../model/catalog";
import { tier0 } from "../../model/catalog/tier0";
import { PLAN_FORMAT_VERSION, type PlanFile, type PlanResource, type PlanViolation, type PlanWorkload, type WorkloadAudit } from "./plan-file";
import { criticalPath } from "./graph";
import { maskInputs } from "./mask";

const WORKLOAD_TYPE = "entra-workloads:index:Workload";

export interface BuildPlanArgs {
  stack: string;
  project: string;
  now: Date;
  resources: readonly CapturedResource[];
  /** The program's `workloads` export. */
  workloads: Record<string, WorkloadSummary>;
  violations: PlanViolation[];
  /** What the simulator took for granted about the real tenant and subscription. */
  assumptions: readonly string[];
  /** The manifest checks' warnings (`path: message`), which index.ts also logs: each goes to its workload's audit block. */
  warnings?: readonly { path: string; message: string }[];
}

/** The workload (Workload component) a resource sits under, by walking parents. */
export function workloadOwners(resources: readonly CapturedResource[]): Map<string, string> {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const owners = new Map<string, string>();
  for (const r of resources) {
    let cursor: CapturedResource | undefined = r;
    while (cursor && cursor.type !== WORKLOAD_TYPE) cursor = cursor.parent ? byUrn.get(cursor.parent) : undefined;
    if (cursor) owners.set(r.urn, cursor.name);
  }
  return owners;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const field = (v: unknown, key: string): unknown => (typeof v === "object" && v !== null ? (v as Record<string, unknown>)[key] : undefined);

/** The audit block of a workload: display name, simulated ids, owners, audience, redirect URIs, trusts, grant coverage. */
function auditOf(s: WorkloadSummary, mine: readonly PlanResource[]): WorkloadAudit {
  const app = mine.find((r) => r.type === "azuread:index/application:Application");
  const identity = mine.find((r) => r.type === "azure-native:managedidentity:UserAssignedIdentity");
  const uris = (platform: "web" | "spa" | "publicClient") => strings(field(app?.inputs[platform], "redirectUris")).map((uri) => ({ platform, uri }));
  const trusts = mine.filter((r) => /FederatedIdentityCredential$/.test(r.type)).map((r) => ({
    name: r.name,
    issuer: text(r.inputs.issuer) ?? "",
    subject: text(r.inputs.subject) ?? text(r.inputs.claimsMatchingExpression) ?? "",
    audiences: strings(r.inputs.audiences).length > 0 ? strings(r.inputs.audiences) : strings([r.inputs.audience]),
  }));
  // A grant without userObjectId is consentType AllPrincipals (https://learn.microsoft.com/graph/api/resources/oauth2permissiongrant).
  const grants = mine.filter((r) => r.type === "azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant").map((r) => ({
    name: r.name,
    scopes: strings(r.inputs.claimValues),
    covers: text(r.inputs.userObjectId) === undefined ? "all users in the tenant" : `one user (${String(r.inputs.userObjectId)})`,
  }));
  return {
    ...(text(app?.inputs.displayName) ?? text(identity?.inputs.resourceName) ? { displayName: text(app?.inputs.displayName) ?? text(identity?.inputs.resourceName) } : {}),
    simulatedIds: {
      clientId: s.clientId,
      ...(s.applicationObjectId === undefined ? {} : { applicationObjectId: s.applicationObjectId }),
      servicePrincipalObjectId: s.servicePrincipalObjectId,
    },
    owners: strings(app?.inputs.owners),
    ...(text(app?.inputs.signInAudience) ? { signInAudience: text(app?.inputs.signInAudience) } : {}),
    redirectUris: [...uris("web"), ...uris("spa"), ...uris("publicClient")],
    federatedTrusts: trusts,
    delegatedGrants: grants,
  };
}

function toPlanWorkload(s: WorkloadSummary, mine: readonly PlanResource[] = [], warnings: readonly { path: string; message: string }[] = []): PlanWorkload {
  const own = warnings.filter((w) => w.path === `workloads.${s.name}` || w.path.startsWith(`workloads.${s.name}.`) || w.path.startsWith(`workloads.${s.name}[`));
  return {
    name: s.name,
    kind: s.kind,
    ...(s.description === undefined ? {} : { description: s.description }),
    credentials: s.credentials,
    apiPermissions: s.apiPermissions.map((p) => ({ ...p, ...(p.apiAppId.toLowerCase() === MICROSOFT_GRAPH_APP_ID && tier0(p.name, p.kind) ? { tier0: true } : {}) })),
    roleAssignments: s.roleAssignments,
    tokenAudiences: s.tokenAudiences,
    keyVaultSecrets: [...s.keyVaultSecrets].sort(),
    ...(s.adminConsentUrl === undefined ? {} : { adminConsentUrl: s.adminConsentUrl }),
    ...(s.secretReaders === undefined ? {} : { secretReaders: s.secretReaders }),
    ...(s.signIn === undefined ? {} : { signIn: s.signIn }),
    ...(s.exposes === undefined ? {} : { exposes: s.exposes }),
    audit: { ...auditOf(s, mine), ...(own.length > 0 ? { warnings: own.map((w) => `${w.path}: ${w.message}`) } : {}) },
  };
}

/** plan.json: what Azure would receive (custom resources, secrets masked), who gets what, and the findings. */
export function buildPlan(args: BuildPlanArgs): PlanFile {
  const custom = args.resources.filter((r) => r.custom);
  const customUrns = new Set(custom.map((r) => r.urn));
  const resources: PlanResource[] = custom
    .map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      ...(r.parent ? { parent: r.parent } : {}),
      dependsOn: r.dependsOn.filter((u) => customUrns.has(u)).sort(),
      inputs: maskInputs(r.type, r.inputs),
      ...(r.importId ? { import: r.importId } : {}),
    }))
    .sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
  const owners = workloadOwners(args.resources);
  const byWorkload = new Map<string, PlanResource[]>();
  for (const r of resources) {
    const owner = owners.get(r.urn);
    if (owner !== undefined) byWorkload.set(owner, [...(byWorkload.get(owner) ?? []), r]);
  }
  const byType: Record<string, number> = {};
  for (const r of resources) byType[r.type] = (byType[r.type] ?? 0) + 1;
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    stack: args.stack,
    project: args.project,
    generatedAt: args.now.toISOString(),
    resources,
    workloads: Object.values(args.workloads).map((w) => toPlanWorkload(w, byWorkload.get(w.name), args.warnings)).sort((a, b) => a.name.localeCompare(b.name)),
    violations: args.violations,
    assumptions: [...args.assumptions],
    summary: {
      resources: resources.length,
      byType: Object.fromEntries(Object.entries(byType).sort(([a], [b]) => a.localeCompare(b))),
      criticalPath: criticalPath(resources),
    },
  };
}
