// Microsoft Entra / Graph limits the manifest and the simulator both check: one place, each with its source.

/**
 * Longest `displayName` Graph accepts for an application: "The display name for the application. Maximum length is 256
 * characters." (https://learn.microsoft.com/en-us/graph/api/resources/application, property table). The pinned
 * provider checks only that it is not empty (terraform-provider-azuread@38d1993a:internal/services/applications/
 * application_resource.go, `display_name`: validation.StringIsNotEmpty). Graph documents no limit of its own for
 * `servicePrincipal.displayName` (https://learn.microsoft.com/en-us/graph/api/resources/serviceprincipal), and the
 * provider's service principal takes its display name from the application (`display_name` is Computed in
 * internal/services/serviceprincipals/service_principal_resource.go), so only the application's counts.
 */
export const MAX_APPLICATION_DISPLAY_NAME = 256;

/**
 * Graph, application resource, `requiredResourceAccess`: "No more than 50 resource services (APIs) can be configured.
 * Beginning mid-October 2021, the total number of required permissions must not exceed 400."
 * (https://learn.microsoft.com/en-us/graph/api/resources/application; the troubleshooting page
 * https://learn.microsoft.com/en-us/entra/identity-platform/troubleshoot-required-resource-access-limits: "all applications
 * with more than 400 permissions have exceeded the configuration limits").
 */
export const MAX_REQUIRED_RESOURCE_APIS = 50;
export const MAX_REQUIRED_PERMISSIONS = 400;

/**
 * Graph, oAuth2PermissionGrant `scope`: "Must not exceed 3850 characters in length."
 * (https://learn.microsoft.com/en-us/graph/api/resources/oauth2permissiongrant). The provider sends the claim values
 * joined by single spaces (terraform-provider-azuread@38d1993a:internal/services/serviceprincipals/
 * service_principal_delegated_permission_grant_resource.go: `strings.Join(claim_values, " ")`).
 */
export const MAX_GRANT_SCOPE_LENGTH = 3850;
