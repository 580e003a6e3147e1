import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import type { ApplicationObjectId, ClientId, ServicePrincipalObjectId } from "../model/ids";
import { brand } from "./brand";
import { defaultIdentifierUri, type ExposedApi } from "../model/exposed-api";
import type { SignInSpec } from "../model/sign-in";
import { slug } from "../model/slug";

export interface EntraApplicationArgs {
  /** Display name in Entra; unique in the tenant (`preventDuplicateNames`). */
  displayName: string;
  description?: string;
  /**
   * Object ids of the owners of the application and its service principal — users or service principals only (see
   * {@link DirectoryOwners}, which adds the deployer and verifies each id's type). @default none (the policy pack flags it)
   */
  owners?: pulumi.Input<string[]>;
  /** `key:value` strings, shown in the Entra portal. @default none */
  tags?: string[];
  /** Why the application exists and who manages it. */
  notes: string;
  /** API permissions, declared inline once — never mixed with standalone ApplicationApiAccess. @default none */
  requiredResourceAccesses?: pulumi.Input<pulumi.Input<azuread.types.input.ApplicationRequiredResourceAccess>[]>;
  /** Web redirect URIs for the authorization-code flow. @default none (no web platform) */
  redirectUris?: string[];
  /**
   * Import ids of an existing application and service principal to take over instead of creating new ones (Pulumi's
   * `import` option: read on the first `pulumi up`, then updated to these args; ignored once in the state).
   * @default none: both are created
   */
  adopt?: { application: string; servicePrincipal: string };
  /** The API the application exposes: app roles and scopes inline, the identifier URI as its own resource. @default none */
  expose?: ExposedApi;
  /** Who may sign in (assignment required, assigned users and groups), the logout URL, SPA and public-client redirect URIs. @default anyone in the tenant, web only */
  signIn?: SignInSpec;
  /** Graph `serviceManagementReference`. @default none */
  serviceManagementReference?: string;
  /** Graph `groupMembershipClaims`. @default none */
  groupMembershipClaims?: string[];
}

/** The object types Entra accepts as owners of applications and service principals. */
const OWNER_TYPES = new Set(["User", "ServicePrincipal"]);

/**
 * Who owns what the stack creates. Entra accepts only users and service principals as owners ("Application owners can
 * be individual users, the associated service principal, or another service principal",
 * https://learn.microsoft.com/en-us/graph/api/application-post-owners; "Service principal owners can be users, the
 * service principal itself, or other service principals", https://learn.microsoft.com/en-us/graph/api/serviceprincipal-post-owners);
 * a group fails with Request_BadRequest "The reference target 'Group_…' of type 'Group' is invalid for the 'owners'
 * reference" (Azure/azure-cli#11924, microsoftgraph/microsoft-graph-docs#3303).
 *
 * The deployer (getClientConfig's object id) is always an owner: the pinned azuread provider makes the caller an
 * initial owner and then removes it unless `owners` lists it (terraform-provider-azuread@38d1993a:
 * internal/services/applications/application_resource.go, applicationResourceCreate: `removeCallerOwner`, and
 * internal/services/serviceprincipals/service_principal_resource.go, servicePrincipalResourceCreate: the same), and on
 * update it removes every owner not listed (`ownersForRemoval` in both resources' Update). A pipeline holding
 * Application.ReadWrite.OwnedBy would then lose the app it just created, and its next credential write fails
 * (Authorization_RequestDenied).
 */
export class DirectoryOwners {
  private readonly types = new Map<string, pulumi.Output<string>>();

  /** @param deployerObjectId the object id of the identity running `pulumi up` (getClientConfig). */
  constructor(private readonly deployerObjectId: pulumi.Output<string>) {}

  /**
   * The deployer first, then each listed owner once (case-insensitive), in manifest order. Each listed id's type is
   * looked up at deploy time (getDirectoryObject, once per id per stack, in `pulumi preview` too); an id that is not a
   * user or service principal is reported as an error naming the workload, the id and the fix, which fails the
   * deployment, and Graph refuses the application it was meant for (see the class comment), so nothing is created
   * with it. Reporting rather than throwing keeps the failure attached to the workload and lets every bad owner show.
   */
  forWorkload(workload: string, ownerIds: readonly string[], parent?: pulumi.Resource): pulumi.Output<string[]> {
    const listed = ownerIds.filter((id, i) => ownerIds.findIndex((other) => other.toLowerCase() === id.toLowerCase()) === i);
    const verified = listed.map((id) => this.typeOf(id).apply((type) => {
      if (!OWNER_TYPES.has(type)) {
        void pulumi.log.error(
          `workloads.${workload}.owners: ${id} is a ${type}; Entra accepts only users and service principals as owners of ` +
          `applications and service principals. Fix: list the object ids of the people (or of a service principal) instead of the ` +
          `${type.toLowerCase()}, in workloads.${workload}.owners or defaults.owners.`,
          parent,
        );
      }
      return id;
    }));
    return pulumi.all([this.deployerObjectId, ...verified]).apply(([deployer, ...ids]) =>
      [deployer, ...ids.filter((id) => id.toLowerCase() !== deployer.toLowerCase())]);
  }

  private typeOf(objectId: string): pulumi.Output<string> {
    const key = objectId.toLowerCase();
    let type = this.types.get(key);
    if (!type) {
      // `type` is the shortened OData type: "User", "Group", "ServicePrincipal", … (terraform-provider-azuread@38d1993a:
      // internal/services/directoryobjects/directoryobjects.go, formatODataType).
      type = azuread.getDirectoryObjectOutput({ objectId }).type;
      this.types.set(key, type);
    }
    return type;
  }
}

/** An app registration and its service principal: the identity a credential-holding workload signs in as. */
export class EntraApplication extends pulumi.ComponentResource {
  readonly application: azuread.Application;
  readonly servicePrincipal: azuread.ServicePrincipal;
  /** Users and groups assigned to the application (who may sign in when assignment is required). */
  readonly assignments: azuread.AppRoleAssignment[] = [];
  readonly clientId: pulumi.Output<ClientId>;
  readonly objectId: pulumi.Output<ApplicationObjectId>;
  readonly servicePrincipalObjectId: pulumi.Output<ServicePrincipalObjectId>;
  /** `/applications/{objectId}`: what credentials attach to. */
  readonly resourceId: pulumi.Output<string>;

  constructor(name: string, args: EntraApplicationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("entra-workloads:index:EntraApplication", name, {}, opts);
    const redirectUris = args.redirectUris ?? [];
    this.application = new azuread.Application(`${name}-app`, {
      displayName: args.displayName,
      description: args.description,
      owners: args.owners ?? [],
      tags: args.tags,
      notes: args.notes,
      preventDuplicateNames: true,
      signInAudience: "AzureADMyOrg",
      requiredResourceAccesses: args.requiredResourceAccesses ?? [],
      web: redirectUris.length === 0 ? undefined : {
        redirectUris,
        implicitGrant: { accessTokenIssuanceEnabled: false, idTokenIssuanceEnabled: false },
        ...(args.signIn?.logoutUrl === undefined ? {} : { logoutUrl: args.signIn.logoutUrl }),
      },
      ...((args.signIn?.spaRedirectUris.length ?? 0) === 0 ? {} : { singlePageApplication: { redirectUris: args.signIn?.spaRedirectUris } }),
      ...((args.signIn?.publicClientRedirectUris.length ?? 0) === 0 ? {} : { publicClient: { redirectUris: args.signIn?.publicClientRedirectUris } }),
      ...(args.serviceManagementReference === undefined ? {} : { serviceManagementReference: args.serviceManagementReference }),
      ...(args.groupMembershipClaims === undefined ? {} : { groupMembershipClaims: args.groupMembershipClaims }),
      // Principle 7, one way: app roles and scopes inline (application_resource.go `app_role`, `api.oauth2_permission_scope`).
      ...(args.expose === undefined ? {} : exposedInline(args.expose)),
    }, {
      parent: this,
      import: args.adopt?.application,
      // The identifier URI is its own resource (below); the pinned provider's docs for it ask the application to ignore
      // identifier_uris (terraform-provider-azuread@38d1993a:docs/resources/application_identifier_uri.md).
      ...(args.expose === undefined ? {} : { ignoreChanges: ["identifierUris"] }),
    });
    if (args.expose !== undefined) {
      // `api://<client id>` needs the client id, which exists only once the application does: it cannot be set inline at
      // create, so it is a separate azuread.ApplicationIdentifierUri (application_identifier_uri_resource.go), and so is
      // an explicit one, to keep one way of declaring it.
      const explicit = args.expose.identifierUri;
      new azuread.ApplicationIdentifierUri(`${name}-identifier-uri`, {
        applicationId: this.application.id,
        identifierUri: explicit ?? this.application.clientId.apply(defaultIdentifierUri),
      }, { parent: this });
    }
    this.servicePrincipal = new azuread.ServicePrincipal(`${name}-sp`, {
      clientId: this.application.clientId,
      owners: args.owners ?? [],
      notes: args.notes,
      ...(args.signIn?.appRoleAssignmentRequired ? { appRoleAssignmentRequired: true } : {}),
    }, { parent: this, import: args.adopt?.servicePrincipal });
    // Who may sign in: an app role assignment of each user or group to this application's service principal
    // (https://learn.microsoft.com/en-us/graph/api/serviceprincipal-post-approleassignedto).
    for (const a of args.signIn?.assignments ?? []) {
      this.assignments.push(new azuread.AppRoleAssignment(`${name}-assign-${slug(a.role ?? "default-access")}-${a.objectId}`, {
        appRoleId: a.appRoleId,
        principalObjectId: a.objectId,
        resourceObjectId: this.servicePrincipal.objectId,
      }, { parent: this }));
    }
    this.clientId = brand<ClientId>(this.application.clientId);
    this.objectId = brand<ApplicationObjectId>(this.application.objectId);
    this.servicePrincipalObjectId = brand<ServicePrincipalObjectId>(this.servicePrincipal.objectId);
    this.resourceId = this.application.id;
    this.registerOutputs({ clientId: this.clientId, objectId: this.objectId, servicePrincipalObjectId: this.servicePrincipalObjectId });
  }
}

/** An exposed API as the application's inline `appRoles` and `api.oauth2PermissionScopes`, access tokens v2. */
function exposedInline(api: ExposedApi): Pick<azuread.ApplicationArgs, "appRoles" | "api"> {
  return {
    appRoles: api.appRoles.map((r) => ({
      id: r.id, value: r.value, displayName: r.displayName, description: r.description, allowedMemberTypes: r.allowedMemberTypes, enabled: true,
    })),
    api: {
      requestedAccessTokenVersion: 2,
      oauth2PermissionScopes: api.scopes.map((s) => ({
        id: s.id,
        value: s.value,
        type: s.type,
        enabled: true,
        adminConsentDisplayName: s.adminConsentDisplayName,
        adminConsentDescription: s.adminConsentDescription,
        userConsentDisplayName: s.userConsentDisplayName ?? s.adminConsentDisplayName,
        userConsentDescription: s.userConsentDescription ?? s.adminConsentDescription,
      })),
    },
  };
}
