import { allApis, permissionById, role, type Api } from "../../model/catalog";
import { canonicalScope } from "../../model/role-assignment-names";
import type { PlanFile, PlanWorkload } from "../plan/plan-file";
import { simulatedDeployer } from "../../simulator/ids";
import { APPLICATION_TYPE, matchWorkload, workloadResource, type DeployedIds, type TenantIdentity } from "./match";
import { sameId, type GraphApplication, type TenantSnapshot } from "./snapshot";

export type DriftKind = "credential" | "owner" | "appRoleAssignment" | "delegatedGrant" | "roleAssignment" | "federatedCredential";

/** One difference between what the plan declares for a workload and what the tenant holds. */
export interface DriftFinding {
  workload: string;
  kind: DriftKind;
  /** `extra`: in the tenant, not in the plan. `missing`: in the plan, not in the tenant. */
  change: "extra" | "missing";
  detail: string;
  /** Gives more access than the plan declares (an extra credential, owner, grant, role or trust): shown first. */
  escalation: boolean;
  /** Graph privilege level (1–5) of an extra or missing permission, or the role catalog's privileged flag as 5. */
  privilegeLevel?: number;
  /** End of validity of an extra secret or certificate. */
  endDateTime?: string;
}

/** A secret or certificate no workload of the plan manages that ends within the window. */
export interface ExpiringCredential {
  application: string;
  appId: string;
  type: "secret" | "certificate";
  name: string;
  endDateTime: string;
  /** Managed workload the application belongs to, when it does. */
  workload?: string;
}

export interface DriftReport {
  stack: string;
  findings: DriftFinding[];
  /** Workloads the plan declares that the snapshot does not hold (not deployed yet, or deleted). */
  notFound: string[];
  /** How each workload was found. */
  matched: { workload: string; by: string }[];
  expiring: ExpiringCredential[];
}

export interface DriftOptions {
  /** Ids per workload from `pulumi stack output --json`, when given. */
  deployedIds?: Record<string, DeployedIds>;
  /** Object id of the deploying identity: Entra makes the creator of an application its owner. */
  deployer?: string;
  now: Date;
  /** Window for unmanaged credentials that end soon. @default 30 */
  withinDays?: number;
}

const DAY_MS = 86_400_000;
const day = (iso: string | null | undefined): string => (iso ? iso.slice(0, 10) : "no end date");

function apiByAppId(appId: string): Api | undefined {
  return allApis().find((a) => sameId(a.appId, appId));
}

/** The API (appId and display name) a resource service principal object id stands for. */
function resourceApi(snapshot: TenantSnapshot, resourceId: string, fallbackName?: string | null): { appId?: string; name: string } {
  const sp = snapshot.servicePrincipals.find((s) => sameId(s.id, resourceId));
  const api = sp ? apiByAppId(sp.appId) : undefined;
  return { appId: sp?.appId, name: api?.name ?? sp?.displayName ?? fallbackName ?? resourceId };
}

function roleGuid(roleDefinitionId: string): string {
  return (roleDefinitionId.split("/").pop() ?? roleDefinitionId).toLowerCase();
}

function credentialFindings(w: PlanWorkload, plan: PlanFile, app: GraphApplication): DriftFinding[] {
  const findings: DriftFinding[] = [];
  const passwords = plan.resources.filter((r) => r.type === "azuread:index/applicationPassword:ApplicationPassword" && r.name.startsWith(`${w.name}-secret-`));
  const certificates = plan.resources.filter((r) => r.type === "azuread:index/applicationCertificate:ApplicationCertificate" && r.name.startsWith(`${w.name}-cert-`));
  const declaredNames = new Set(passwords.map((p) => String(p.inputs.displayName)));
  for (const pw of app.passwordCredentials) {
    if (pw.displayName && declaredNames.has(pw.displayName)) continue;
    findings.push({
      workload: w.name, kind: "credential", change: "extra", escalation: true,
      detail: `client secret "${pw.displayName ?? "(no name)"}" (key id ${pw.keyId}, hint ${pw.hint ?? "?"}…) ends ${day(pw.endDateTime)}; not declared: remove it, or it keeps working until it ends`,
      ...(pw.endDateTime ? { endDateTime: pw.endDateTime } : {}),
    });
  }
  for (const p of passwords) {
    if (app.passwordCredentials.some((pw) => pw.displayName === p.inputs.displayName)) continue;
    findings.push({ workload: w.name, kind: "credential", change: "missing", escalation: false, detail: `client secret "${String(p.inputs.displayName)}" (${p.name}) ending ${day(String(p.inputs.endDate))} is not on the application` });
  }
  const declaredEnds = new Set(certificates.map((c) => day(String(c.inputs.endDate))));
  const found = new Set<string>();
  for (const key of app.keyCredentials) {
    const end = day(key.endDateTime);
    if (declaredEnds.has(end) && !found.has(end)) {
      found.add(end);
      continue;
    }
    findings.push({
      workload: w.name, kind: "credential", change: "extra", escalation: true,
      detail: `certificate "${key.displayName ?? "(no name)"}" (key id ${key.keyId}) ends ${end}; not declared: remove it, or it keeps working until it ends`,
      ...(key.endDateTime ? { endDateTime: key.endDateTime } : {}),
    });
  }
  for (const c of certificates) {
    if (found.has(day(String(c.inputs.endDate)))) continue;
    findings.push({ workload: w.name, kind: "credential", change: "missing", escalation: false, detail: `certificate ${c.name} ending ${day(String(c.inputs.endDate))} is not on the application` });
  }
  return findings;
}

type Federated = { name: string; issuer: string; subject: string | null };

function federatedFindings(w: PlanWorkload, existing: Federated[]): DriftFinding[] {
  const declared = w.credentials.filter((c) => c.type === "federated");
  const key = (issuer?: string | null, subject?: string | null) => `${issuer ?? ""}\n${subject ?? ""}`;
  const declaredKeys = new Set(declared.map((c) => key(c.issuer, c.subject)));
  const existingKeys = new Set(existing.map((c) => key(c.issuer, c.subject)));
  return [
    ...existing.filter((c) => !declaredKeys.has(key(c.issuer, c.subject))).map((c): DriftFinding => ({
      workload: w.name, kind: "federatedCredential", change: "extra", escalation: true,
      detail: `federated credential "${c.name}" lets ${c.subject ?? "(any subject)"} from ${c.issuer} sign in; not declared`,
    })),
    ...declared.filter((c) => !existingKeys.has(key(c.issuer, c.subject))).map((c): DriftFinding => ({
      workload: w.name, kind: "federatedCredential", change: "missing", escalation: false,
      detail: `federated credential ${c.name} (${c.subject} from ${c.issuer}) is not in the tenant`,
    })),
  ];
}

/**
 * The owner the offline plan adds for the deployer: the simulator's getClientConfig object id. The real deployer is
 * another object (`--deployer`), so that id is never compared with the tenant.
 */
function planDeployer(): string {
  return simulatedDeployer().objectId;
}

function ownerFindings(w: PlanWorkload, plan: PlanFile, app: GraphApplication, deployer?: string): DriftFinding[] {
  const declared = workloadResource(plan, w.name, APPLICATION_TYPE, "app")?.inputs.owners;
  const owners = (Array.isArray(declared) ? declared.map(String) : []).filter((id) => !sameId(id, planDeployer()));
  const findings: DriftFinding[] = [];
  for (const o of app.owners) {
    if (owners.some((d) => sameId(d, o.id)) || sameId(o.id, deployer)) continue;
    findings.push({ workload: w.name, kind: "owner", change: "extra", escalation: true, detail: `owner ${o.id}${o["@odata.type"] ? ` (${String(o["@odata.type"]).replace("#microsoft.graph.", "")})` : ""} can add credentials to the application; not declared` });
  }
  for (const d of owners) {
    if (app.owners.some((o) => sameId(o.id, d))) continue;
    findings.push({ workload: w.name, kind: "owner", change: "missing", escalation: false, detail: `owner ${d} is not an owner of the application` });
  }
  return findings;
}

function grantFindings(w: PlanWorkload, snapshot: TenantSnapshot, principalId: string): DriftFinding[] {
  const findings: DriftFinding[] = [];
  const application = w.apiPermissions.filter((p) => p.kind === "application");
  const held = snapshot.appRoleAssignments.filter((a) => sameId(a.principalId, principalId));
  for (const a of held) {
    const api = resourceApi(snapshot, a.resourceId, a.resourceDisplayName);
    const declared = application.find((p) => p.id !== null && sameId(p.id, a.appRoleId) && (api.appId === undefined || sameId(p.apiAppId, api.appId)));
    if (declared) continue;
    const catalogApi = api.appId ? apiByAppId(api.appId) : undefined;
    const perm = catalogApi ? permissionById(catalogApi, a.appRoleId, "application") : undefined;
    findings.push({
      workload: w.name, kind: "appRoleAssignment", change: "extra", escalation: true,
      detail: `${api.name} application permission ${perm?.name ?? a.appRoleId}${perm?.privilegeLevel ? ` (privilege level ${perm.privilegeLevel})` : perm ? "" : " (not in the catalog)"} is granted; not declared`,
      ...(perm?.privilegeLevel ? { privilegeLevel: perm.privilegeLevel } : {}),
    });
  }
  for (const p of application.filter((x) => x.adminConsent)) {
    const granted = held.some((a) => p.id !== null && sameId(a.appRoleId, p.id));
    if (!granted) findings.push({ workload: w.name, kind: "appRoleAssignment", change: "missing", escalation: false, detail: `${p.api} application permission ${p.name} is not granted (admin consent declared)` });
  }

  const delegated = w.apiPermissions.filter((p) => p.kind === "delegated");
  const grants = snapshot.oauth2PermissionGrants.filter((g) => sameId(g.clientId, principalId));
  const grantedScopes = new Set<string>();
  for (const g of grants) {
    const api = resourceApi(snapshot, g.resourceId);
    const who = g.consentType === "AllPrincipals" ? "for all users" : `for user ${g.principalId ?? "?"}`;
    for (const scope of (g.scope ?? "").split(" ").filter(Boolean)) {
      grantedScopes.add(`${api.appId ?? g.resourceId}\n${scope}`.toLowerCase());
      if (delegated.some((p) => p.name === scope && (api.appId === undefined || sameId(p.apiAppId, api.appId)))) continue;
      const catalogApi = api.appId ? apiByAppId(api.appId) : undefined;
      const level = catalogApi?.permissions.delegated.get(scope)?.privilegeLevel ?? undefined;
      findings.push({
        workload: w.name, kind: "delegatedGrant", change: "extra", escalation: true,
        detail: `${api.name} delegated permission ${scope} is consented ${who}${level ? ` (privilege level ${level})` : ""}; not declared`,
        ...(level ? { privilegeLevel: level } : {}),
      });
    }
  }
  for (const p of delegated.filter((x) => x.adminConsent)) {
    if (!grantedScopes.has(`${p.apiAppId}\n${p.name}`.toLowerCase())) {
      findings.push({ workload: w.name, kind: "delegatedGrant", change: "missing", escalation: false, detail: `${p.api} delegated permission ${p.name} is not consented (admin consent declared)` });
    }
  }
  return findings;
}

function roleFindings(w: PlanWorkload, snapshot: TenantSnapshot, principalId: string): DriftFinding[] {
  const held = snapshot.roleAssignments.filter((r) => sameId(r.properties.principalId, principalId));
  const key = (roleId: string, scope: string) => `${roleGuid(roleId)}\n${canonicalScope(scope)}`;
  const declared = new Set(w.roleAssignments.map((r) => key(r.roleDefinitionId, r.scope)));
  const existing = new Set(held.map((r) => key(r.properties.roleDefinitionId, r.properties.scope)));
  const findings: DriftFinding[] = [];
  for (const r of held) {
    if (declared.has(key(r.properties.roleDefinitionId, r.properties.scope))) continue;
    const lookup = role(roleGuid(r.properties.roleDefinitionId));
    const def = lookup.ok ? lookup.value : undefined;
    const privileged = def?.privileged !== false;
    findings.push({
      workload: w.name, kind: "roleAssignment", change: "extra", escalation: true,
      detail: `${def?.builtIn ? def.name : `role ${roleGuid(r.properties.roleDefinitionId)} (not a built-in role)`} on ${r.properties.scope}${privileged ? " (privileged)" : ""}; not declared (${r.name})`,
      ...(privileged ? { privilegeLevel: 5 } : {}),
    });
  }
  for (const r of w.roleAssignments) {
    if (!existing.has(key(r.roleDefinitionId, r.scope))) {
      findings.push({ workload: w.name, kind: "roleAssignment", change: "missing", escalation: false, detail: `${r.role} on ${r.scope} is not assigned` });
    }
  }
  return findings;
}

function workloadFindings(w: PlanWorkload, plan: PlanFile, snapshot: TenantSnapshot, found: TenantIdentity, deployer?: string): DriftFinding[] {
  if (found.kind === "managedIdentity") {
    const principalId = found.identity.properties.principalId;
    const federated = found.identity.federatedIdentityCredentials.map((f) => ({ name: f.name, issuer: f.properties.issuer, subject: f.properties.subject }));
    return [...federatedFindings(w, federated), ...grantFindings(w, snapshot, principalId), ...roleFindings(w, snapshot, principalId)];
  }
  const app = found.application;
  const federated = snapshot.federatedIdentityCredentials[app.id] ?? [];
  const principalId = found.servicePrincipal?.id;
  return [
    ...credentialFindings(w, plan, app),
    ...federatedFindings(w, federated),
    ...ownerFindings(w, plan, app, deployer),
    ...(principalId ? [...grantFindings(w, snapshot, principalId), ...roleFindings(w, snapshot, principalId)] : []),
  ];
}

const KIND_ORDER: DriftKind[] = ["credential", "federatedCredential", "appRoleAssignment", "delegatedGrant", "roleAssignment", "owner"];

/** Escalations first (the most privileged first), then by kind, workload and detail. */
export function compareFindings(a: DriftFinding, b: DriftFinding): number {
  return Number(b.escalation) - Number(a.escalation)
    || (b.privilegeLevel ?? 0) - (a.privilegeLevel ?? 0)
    || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind)
    || a.workload.localeCompare(b.workload)
    || a.detail.localeCompare(b.detail);
}

function expiringCredentials(snapshot: TenantSnapshot, managed: Map<string, string>, findings: DriftFinding[], now: Date, withinDays: number): ExpiringCredential[] {
  const until = now.getTime() + withinDays * DAY_MS;
  const extraKeys = new Set(findings.filter((f) => f.kind === "credential" && f.change === "extra").map((f) => /key id ([0-9a-fA-F-]+)/.exec(f.detail)?.[1]?.toLowerCase()));
  const out: ExpiringCredential[] = [];
  for (const app of snapshot.applications) {
    const workload = managed.get(app.id.toLowerCase());
    const credentials = [
      ...app.passwordCredentials.map((c) => ({ type: "secret" as const, c })),
      ...app.keyCredentials.map((c) => ({ type: "certificate" as const, c })),
    ];
    for (const { type, c } of credentials) {
      if (!c.endDateTime) continue;
      // A managed workload's own credentials are the expiry watch's job; only what it does not manage is listed here.
      if (workload !== undefined && !extraKeys.has(c.keyId.toLowerCase())) continue;
      const end = Date.parse(c.endDateTime);
      if (Number.isNaN(end) || end < now.getTime() || end > until) continue;
      out.push({ application: app.displayName, appId: app.appId, type, name: c.displayName ?? c.keyId, endDateTime: c.endDateTime, ...(workload ? { workload } : {}) });
    }
  }
  return out.sort((a, b) => a.endDateTime.localeCompare(b.endDateTime) || a.application.localeCompare(b.application));
}

/** What exists in the tenant that the plan does not declare, and what the plan declares that is missing, per workload. */
export function detectDrift(snapshot: TenantSnapshot, plan: PlanFile, options: DriftOptions): DriftReport {
  const findings: DriftFinding[] = [];
  const notFound: string[] = [];
  const matched: DriftReport["matched"] = [];
  const managedApps = new Map<string, string>();
  for (const w of plan.workloads) {
    const found = matchWorkload(snapshot, plan, w, options.deployedIds?.[w.name]);
    if (!found) {
      notFound.push(w.name);
      continue;
    }
    matched.push({ workload: w.name, by: found.matchedBy });
    if (found.kind === "application") managedApps.set(found.application.id.toLowerCase(), w.name);
    findings.push(...workloadFindings(w, plan, snapshot, found, options.deployer));
  }
  findings.sort(compareFindings);
  return {
    stack: plan.stack,
    findings,
    notFound,
    matched,
    expiring: expiringCredentials(snapshot, managedApps, findings, options.now, options.withinDays ?? 30),
  };
}
