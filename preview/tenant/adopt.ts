import { allApis, permissionById, role, type Api, type PermissionKind } from "../../model/catalog";
import { InputError } from "../files";
import { sameId, servicePrincipalOf, type ArmUserAssignedIdentity, type GraphApplication, type TenantSnapshot } from "./snapshot";

/** A manifest workload entry, as `npm run adopt` writes it into the stack file. */
export type WorkloadEntry = Record<string, unknown>;

/** One adopted workload: its entry, and what was found on the identity that the entry does not keep. */
export interface Adoption {
  name: string;
  kind: "application" | "managedIdentity";
  /** Display name (applications) or ARM id (managed identities) of what was adopted. */
  source: string;
  entry: WorkloadEntry;
  /** Found on the identity and not kept by the manifest: what the first `pulumi up` leaves alone or changes. */
  notKept: string[];
  /** Kept, but worth a reviewer's look (unknown ids, credentials the toolkit does not manage). */
  flagged: string[];
}

/** The workload name rule (stacks/manifest/checks/names.ts): 1–63 lowercase letters, digits and single dashes. */
function workloadName(text: string, fallback: string, taken: Set<string>): string {
  let base = text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60).replace(/-+$/, "");
  if (base === "") base = fallback;
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
  taken.add(name);
  return name;
}

function apiByAppId(appId: string): Api | undefined {
  return allApis().find((a) => sameId(a.appId, appId));
}

/** The claim value of a permission id: from the catalog, else from the API's service principal in the snapshot. */
function permissionName(snapshot: TenantSnapshot, resourceAppId: string, id: string, kind: PermissionKind): string | undefined {
  const api = apiByAppId(resourceAppId);
  if (api) return permissionById(api, id, kind)?.name;
  const sp = servicePrincipalOf(snapshot, resourceAppId);
  const published = kind === "application" ? sp?.appRoles : sp?.oauth2PermissionScopes;
  return published?.find((p) => sameId(p.id, id))?.value ?? undefined;
}

function apiPermissions(snapshot: TenantSnapshot, app: GraphApplication, flagged: string[], notKept: string[]): WorkloadEntry[] {
  return app.requiredResourceAccess.flatMap((rra) => {
    const api = apiByAppId(rra.resourceAppId);
    const apiName = api?.name ?? rra.resourceAppId;
    const lists: Record<PermissionKind, string[]> = { application: [], delegated: [] };
    for (const access of rra.resourceAccess) {
      const kind: PermissionKind = access.type === "Role" ? "application" : "delegated";
      const name = permissionName(snapshot, rra.resourceAppId, access.id, kind);
      if (name) lists[kind].push(name);
      else notKept.push(`${apiName} ${kind} permission ${access.id}: neither the catalog nor the snapshot names it, so the manifest cannot list it; the first pulumi up removes it from the requested permissions unless you add it by name`);
    }
    if (lists.application.length + lists.delegated.length === 0) return [];
    if (!api) flagged.push(`${rra.resourceAppId}: an API the catalog does not know; its permission names come from its service principal in the snapshot and are checked only at deploy time`);
    return [{
      api: apiName,
      ...(lists.application.length ? { application: lists.application } : {}),
      ...(lists.delegated.length ? { delegated: lists.delegated } : {}),
      // Existing consent stays as it is (not managed): declaring it as code would create a second grant, which Graph refuses.
      adminConsent: false,
    }];
  });
}

function day(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : "no end date";
}

function grantsAndRoles(snapshot: TenantSnapshot, principalId: string, notKept: string[]): void {
  for (const a of snapshot.appRoleAssignments.filter((x) => sameId(x.principalId, principalId))) {
    const sp = snapshot.servicePrincipals.find((s) => sameId(s.id, a.resourceId));
    const api = sp ? apiByAppId(sp.appId) : undefined;
    const name = api ? permissionById(api, a.appRoleId, "application")?.name : undefined;
    notKept.push(`admin consent to ${api?.name ?? a.resourceDisplayName ?? a.resourceId} ${name ?? a.appRoleId} (app role assignment ${a.id}): stays, not managed (adminConsent: false)`);
  }
  for (const g of snapshot.oauth2PermissionGrants.filter((x) => sameId(x.clientId, principalId))) {
    notKept.push(`delegated grant ${g.id} (${g.consentType}: ${g.scope ?? ""}): stays, not managed (adminConsent: false)`);
  }
  for (const r of snapshot.roleAssignments.filter((x) => sameId(x.properties.principalId, principalId))) {
    const guid = r.properties.roleDefinitionId.split("/").pop() ?? r.properties.roleDefinitionId;
    const found = role(guid);
    const label = found.ok && found.value.builtIn ? found.value.name : `role ${guid} (not a built-in role)`;
    notKept.push(`role assignment ${r.name}: ${label} on ${r.properties.scope}: stays, not managed (declaring it under roles would ask ARM for a second assignment of the same role and scope, RoleAssignmentExists)`);
  }
}

/** The manifest entry for an existing application and its service principal. */
export function adoptApplication(snapshot: TenantSnapshot, app: GraphApplication, taken: Set<string>): Adoption {
  const sp = servicePrincipalOf(snapshot, app.appId);
  if (!sp) throw new InputError(`application "${app.displayName}" (${app.appId}) has no service principal in the snapshot; create it (az ad sp create --id ${app.appId}) and take the snapshot again`);
  const notKept: string[] = [];
  const flagged: string[] = [];
  const name = workloadName(app.displayName, `app-${app.appId.slice(0, 8)}`, taken);
  for (const pw of app.passwordCredentials) {
    flagged.push(`client secret "${pw.displayName ?? pw.keyId}" (key id ${pw.keyId}) ends ${day(pw.endDateTime)}: unmanaged; it keeps working until you remove it, once consumers read the rotated secret from Key Vault`);
  }
  for (const key of app.keyCredentials) {
    flagged.push(`certificate "${key.displayName ?? key.keyId}" (key id ${key.keyId}) ends ${day(key.endDateTime)}: unmanaged; remove it once consumers use the rotated certificate from Key Vault`);
  }
  for (const fic of snapshot.federatedIdentityCredentials[app.id] ?? []) {
    notKept.push(`federated credential "${fic.name}" (${fic.subject ?? ""} from ${fic.issuer}): stays, not managed (declaring it with the same name would be refused as a duplicate)`);
  }
  if (app.signInAudience && app.signInAudience !== "AzureADMyOrg") notKept.push(`signInAudience ${app.signInAudience}: the first pulumi up sets AzureADMyOrg (single tenant)`);
  if (app.identifierUris?.length) notKept.push(`identifierUris ${app.identifierUris.join(", ")}: the first pulumi up removes them`);
  if (app.appRoles?.length) notKept.push(`${app.appRoles.length} app role(s) it publishes: the first pulumi up removes them`);
  if (app.api?.oauth2PermissionScopes?.length) notKept.push(`${app.api.oauth2PermissionScopes.length} delegated scope(s) it publishes: the first pulumi up removes them`);
  if (app.tags?.length) notKept.push(`tags ${app.tags.join(", ")}: replaced by the manifest's tags`);
  if (app.notes) notKept.push("notes: replaced by the toolkit's note");
  const duplicates = snapshot.applications.filter((a) => a.displayName === app.displayName && a.id !== app.id).length;
  if (duplicates > 0) flagged.push(`${duplicates} other application(s) are named "${app.displayName}": the provider's duplicate-name check fails the update; set displayName to a unique name`);
  grantsAndRoles(snapshot, sp.id, notKept);

  const permissions = apiPermissions(snapshot, app, flagged, notKept);
  // The no-client-secret guardrail (policies/rules/no-client-secret.ts) refuses a secret on a workload holding Microsoft
  // Graph application permissions: such an app is adopted with a rotating certificate instead, its secret left to retire.
  const holdsGraphAppPermissions = permissions.some((p) => p.api === "Microsoft Graph" && Array.isArray(p.application) && p.application.length > 0);
  const secretAsCertificate = holdsGraphAppPermissions && app.passwordCredentials.length > 0;
  if (secretAsCertificate) {
    flagged.push("authenticates with a client secret while holding Microsoft Graph application permissions: adopted with a rotating certificate instead (the no-client-secret guardrail refuses a secret here); move its consumers to the certificate in Key Vault, then remove the old secret");
  }
  const credentials = [
    ...(app.passwordCredentials.length && !secretAsCertificate ? [{ type: "secret" }] : []),
    ...(app.keyCredentials.length || secretAsCertificate ? [{ type: "certificate" }] : []),
  ];
  const redirectUris = app.web?.redirectUris ?? [];
  const owners = app.owners.filter((o) => !String(o["@odata.type"] ?? "").endsWith(".group")).map((o) => o.id);
  const entry: WorkloadEntry = {
    displayName: app.displayName,
    ...(app.description ? { description: app.description.slice(0, 1024) } : {}),
    ...(owners.length ? { owners } : {}),
    ...(redirectUris.length ? { web: { redirectUris } } : {}),
    ...(credentials.length ? { credentials } : {}),
    ...(permissions.length ? { apiPermissions: permissions } : {}),
    adopt: { id: app.id, appId: app.appId, servicePrincipalId: sp.id },
  };
  return { name, kind: "application", source: `${app.displayName} (${app.appId})`, entry, notKept, flagged };
}

const IDENTITY_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\//i;

/** The manifest entry for an existing user-assigned managed identity. */
export function adoptIdentity(snapshot: TenantSnapshot, identity: ArmUserAssignedIdentity, taken: Set<string>): Adoption {
  const notKept: string[] = [];
  const resourceGroupName = IDENTITY_ID.exec(identity.id)?.[1];
  if (!resourceGroupName) throw new InputError(`${identity.id}: not the ARM id of a user-assigned identity`);
  const name = workloadName(identity.name, `identity-${identity.properties.clientId.slice(0, 8)}`, taken);
  for (const fic of identity.federatedIdentityCredentials) {
    notKept.push(`federated credential "${fic.name}" (${fic.properties.subject} from ${fic.properties.issuer}): stays, not managed (declaring it with the same name would overwrite it)`);
  }
  grantsAndRoles(snapshot, identity.properties.principalId, notKept);
  const entry: WorkloadEntry = {
    type: "managedIdentity",
    resourceGroupName,
    location: identity.location,
    ...(identity.tags && Object.keys(identity.tags).length ? { tags: identity.tags } : {}),
    adopt: { id: identity.id, clientId: identity.properties.clientId, principalId: identity.properties.principalId },
  };
  return { name, kind: "managedIdentity", source: identity.id, entry, notKept, flagged: [] };
}

/**
 * The identities `--app` (display name, app id / client id, or a managed identity's name or ARM id) and
 * `--all-owned-by` (every application that object owns) choose, each once, in the order given.
 */
export function chooseIdentities(snapshot: TenantSnapshot, selectors: readonly string[], ownedBy?: string): (GraphApplication | ArmUserAssignedIdentity)[] {
  const chosen: (GraphApplication | ArmUserAssignedIdentity)[] = [];
  const add = (x: GraphApplication | ArmUserAssignedIdentity) => {
    if (!chosen.includes(x)) chosen.push(x);
  };
  for (const selector of selectors) {
    const apps = snapshot.applications.filter((a) => a.displayName === selector || sameId(a.appId, selector) || sameId(a.id, selector));
    const identities = snapshot.userAssignedIdentities.filter((i) => i.name === selector || sameId(i.id, selector) || sameId(i.properties.clientId, selector));
    const hits = [...apps, ...identities];
    if (hits.length === 0) throw new InputError(`--app ${selector}: no application (display name, app id) or user-assigned identity (name, ARM id, client id) in the snapshot has it`);
    if (hits.length > 1) throw new InputError(`--app ${selector}: ${hits.length} identities match; give the app id or ARM id instead`);
    add(hits[0]);
  }
  if (ownedBy !== undefined) {
    const owned = snapshot.applications.filter((a) => a.owners.some((o) => sameId(o.id, ownedBy)));
    if (owned.length === 0) throw new InputError(`--all-owned-by ${ownedBy}: that object owns no application in the snapshot`);
    owned.forEach(add);
  }
  return chosen;
}

function isApplication(x: GraphApplication | ArmUserAssignedIdentity): x is GraphApplication {
  return Array.isArray((x as GraphApplication).passwordCredentials);
}

/** Adopts each chosen identity into a workload entry; names stay unique among `existingNames`. */
export function adoptAll(snapshot: TenantSnapshot, chosen: readonly (GraphApplication | ArmUserAssignedIdentity)[], existingNames: readonly string[]): Adoption[] {
  const taken = new Set(existingNames);
  return chosen.map((x) => (isApplication(x) ? adoptApplication(snapshot, x, taken) : adoptIdentity(snapshot, x, taken)));
}
