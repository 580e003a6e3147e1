import { allApis, type Api, type Permission } from "../model/catalog";
import type { SimulatedTenant } from "./context";
import { guidFor } from "./ids";

/** The display name Graph shows for a first-party API's service principal. */
export function firstPartyDisplayName(api: Api): string {
  return api.servicePrincipalDisplayName ?? api.name;
}

/** An app role as Graph publishes it on a service principal (`appRoles[]`). */
export interface AppRole {
  allowedMemberTypes: string[];
  description: string;
  displayName: string;
  enabled: boolean;
  id: string;
  value: string;
}

/** A delegated permission as Graph publishes it (`oauth2PermissionScopes[]`). */
export interface PermissionScope {
  adminConsentDescription: string;
  adminConsentDisplayName: string;
  enabled: boolean;
  id: string;
  type: "Admin" | "User";
  userConsentDescription: string;
  userConsentDisplayName: string;
  value: string;
}

/** A service principal the simulated tenant knows: a first-party API's, or one created in this run. */
export interface ServicePrincipalRecord {
  objectId: string;
  clientId: string;
  displayName: string;
  appOwnerTenantId: string;
  appRoles: AppRole[];
  oauth2PermissionScopes: PermissionScope[];
  /** Logical name of the registering resource; absent for first-party service principals. */
  createdBy?: string;
  /**
   * The service principal of an application neither the catalog nor the simulated tenant knows: what it publishes is
   * known only live, so its app role and scope ids are left out of its state and grants of it are not checked offline.
   */
  permissionsUnknown?: boolean;
}

/** A federated identity credential created in this run. */
export interface FederatedCredentialRecord {
  /** Logical name of the registering resource. */
  createdBy: string;
  name: string;
  issuer: string;
  subject: string;
}

/** An application registered in this run. */
export interface ApplicationRecord {
  objectId: string;
  clientId: string;
  displayName: string;
  createdBy: string;
  appRoles: AppRole[];
  oauth2PermissionScopes: PermissionScope[];
}

/** A principal created in this run, which Entra has not replicated yet when ARM looks it up. */
export interface CreatedPrincipal {
  kind: "servicePrincipal" | "managedIdentity";
  createdBy: string;
}

/** The tenant in which Microsoft's first-party applications publish their service principals. */
const MICROSOFT_SERVICES_TENANT = guidFor("Microsoft Services tenant", "tenantId");

function appRoleOf(p: Permission): AppRole {
  return {
    allowedMemberTypes: ["Application"],
    description: `${p.api}: ${p.name}`,
    displayName: p.name,
    enabled: true,
    id: p.id,
    value: p.name,
  };
}

function scopeOf(p: Permission): PermissionScope {
  return {
    adminConsentDescription: `${p.api}: ${p.name}`,
    adminConsentDisplayName: p.name,
    enabled: true,
    id: p.id,
    type: p.adminConsentRequired ? "Admin" : "User",
    userConsentDescription: `${p.api}: ${p.name}`,
    userConsentDisplayName: p.name,
    value: p.name,
  };
}

/** The first-party service principal of a catalog API in `tenantId`, with its published permissions. */
export function firstPartyServicePrincipal(api: Api, tenantId: string): ServicePrincipalRecord {
  return {
    objectId: guidFor(`tenant/${tenantId}/servicePrincipals/${api.appId}`, "objectId"),
    clientId: api.appId,
    displayName: firstPartyDisplayName(api),
    appOwnerTenantId: MICROSOFT_SERVICES_TENANT,
    appRoles: [...api.permissions.application.values()].map(appRoleOf),
    oauth2PermissionScopes: [...api.permissions.delegated.values()].map(scopeOf),
  };
}

const lower = (s: string): string => s.toLowerCase();

/** What the simulated tenant holds: first-party service principals plus everything created in this run. */
export class Directory {
  readonly applications = new Map<string, ApplicationRecord>();
  private readonly applicationsByClientId = new Map<string, ApplicationRecord>();
  private readonly servicePrincipals = new Map<string, ServicePrincipalRecord>();
  private readonly servicePrincipalsByClientId = new Map<string, ServicePrincipalRecord>();
  private readonly firstPartyByObjectId = new Map<string, Api>();
  private readonly firstPartyCache = new Map<string, ServicePrincipalRecord>();
  private readonly createdPrincipals = new Map<string, CreatedPrincipal>();
  /** Federated credentials per parent (`application:{id}` or `identity:{ARM id}`), in creation order. */
  readonly federatedCredentials = new Map<string, FederatedCredentialRecord[]>();
  /** Logical name of the role assignment per `principal|role definition GUID|scope`. */
  readonly roleAssignmentsByKey = new Map<string, string>();
  /** Role assignments per ARM id, with the key they were created with. */
  readonly roleAssignmentsById = new Map<string, { key: string; createdBy: string }>();
  /** How many of `roleAssignmentsById` lie in each subscription (lower-case id): the limit check reads it per assignment. */
  readonly roleAssignmentsPerSubscription = new Map<string, number>();
  /** Logical name of the app role assignment per `principal|resource|appRoleId`. */
  readonly appRoleAssignments = new Map<string, string>();
  /** Logical name of the AllPrincipals delegated permission grant per `client|resource` service principal object ids. */
  readonly delegatedPermissionGrants = new Map<string, string>();
  /** What the simulator took for granted about the real tenant because it cannot know offline (see `assume`). */
  private readonly assumed = new Set<string>();

  /** First-party APIs (lower-case app ids) whose service principal the tenant has never had. */
  private readonly missingFirstParty: Set<string>;
  /** Users, groups and service principals the tenant holds before the run, by lower-case object id. */
  private readonly tenantObjects: Map<string, string>;

  constructor(readonly tenantId: string, tenant: SimulatedTenant = {}) {
    this.missingFirstParty = new Set((tenant.missingServicePrincipals ?? []).map(lower));
    this.tenantObjects = new Map((tenant.directoryObjects ?? []).map((o) => [lower(o.objectId), o.type]));
    for (const api of this.presentFirstParty()) {
      this.firstPartyByObjectId.set(lower(guidFor(`tenant/${tenantId}/servicePrincipals/${api.appId}`, "objectId")), api);
    }
  }

  /** The catalog's first-party APIs whose service principal this tenant has (all but `missingServicePrincipals`). */
  private presentFirstParty(): Api[] {
    return allApis().filter((a) => !this.missingFirstParty.has(lower(a.appId)));
  }

  /**
   * The OData type getDirectoryObject reports for `objectId` ("User", "Group", "ServicePrincipal"): from the tenant's
   * directory objects, else a service principal of this tenant or run. An id the simulated tenant does not know is
   * taken for a user, and the plan records that assumption.
   */
  directoryObjectType(objectId: string): string {
    const known = this.tenantObjects.get(lower(objectId));
    if (known) return known;
    if (this.servicePrincipalByObjectId(objectId) || this.createdPrincipal(objectId)) return "ServicePrincipal";
    this.assume(`directory object ${lower(objectId)} exists and is a user (the simulated tenant does not know it; Entra accepts users and service principals as owners)`);
    return "User";
  }

  /**
   * Records something the plan takes for granted about the real tenant or subscription (an owner's object type, a
   * vault name being free): DESIGN.md principle 10, the plan says what it assumed.
   */
  assume(statement: string): void {
    this.assumed.add(statement);
  }

  /** Every assumption so far, sorted (stable across runs and shards). */
  get assumptions(): string[] {
    return [...this.assumed].sort();
  }

  addApplication(app: ApplicationRecord): void {
    this.applications.set(lower(app.objectId), app);
    this.applicationsByClientId.set(lower(app.clientId), app);
  }

  applicationByClientId(clientId: string): ApplicationRecord | undefined {
    return this.applicationsByClientId.get(lower(clientId));
  }

  applicationByObjectId(objectId: string): ApplicationRecord | undefined {
    return this.applications.get(lower(objectId));
  }

  addServicePrincipal(sp: ServicePrincipalRecord): void {
    this.servicePrincipals.set(lower(sp.objectId), sp);
    this.servicePrincipalsByClientId.set(lower(sp.clientId), sp);
    this.createdPrincipals.set(lower(sp.objectId), { kind: "servicePrincipal", createdBy: sp.createdBy ?? "" });
  }

  addManagedIdentity(principalId: string, createdBy: string): void {
    this.createdPrincipals.set(lower(principalId), { kind: "managedIdentity", createdBy });
  }

  /** A principal created in this run (service principal object id or managed identity principal id). */
  createdPrincipal(principalId: string): CreatedPrincipal | undefined {
    return this.createdPrincipals.get(lower(principalId));
  }

  private firstParty(api: Api): ServicePrincipalRecord {
    let record = this.firstPartyCache.get(api.appId);
    if (!record) {
      record = firstPartyServicePrincipal(api, this.tenantId);
      this.firstPartyCache.set(api.appId, record);
    }
    return record;
  }

  /** A service principal by object id: created in this run, or a first-party one handed out by getServicePrincipal. */
  servicePrincipalByObjectId(objectId: string): ServicePrincipalRecord | undefined {
    const created = this.servicePrincipals.get(lower(objectId));
    if (created) return created;
    const api = this.firstPartyByObjectId.get(lower(objectId));
    return api ? this.firstParty(api) : undefined;
  }

  servicePrincipalByClientId(clientId: string): ServicePrincipalRecord | undefined {
    const created = this.servicePrincipalsByClientId.get(lower(clientId));
    if (created) return created;
    const api = this.presentFirstParty().find((a) => lower(a.appId) === lower(clientId));
    return api ? this.firstParty(api) : undefined;
  }

  /** Service principals whose display name equals `displayName` (case-insensitive, as Graph's `eq` filter). */
  servicePrincipalsByDisplayName(displayName: string): ServicePrincipalRecord[] {
    const wanted = lower(displayName);
    const created = [...this.servicePrincipals.values()].filter((sp) => lower(sp.displayName) === wanted);
    const firstParty = this.presentFirstParty().filter((a) => lower(firstPartyDisplayName(a)) === wanted).map((a) => this.firstParty(a));
    return [...firstParty, ...created];
  }
}
