/**
 * Longest `displayName` Graph accepts for an application: "The display name for the application. Maximum length is 256
 * characters." (https://learn.microsoft.com/en-us/graph/api/resources/application, property table). The pinned
 * provider checks only that it is not empty (terraform-provider-azuread@38d1993a:internal/services/applications/
 * application_resource.go, `display_name`: validation.StringIsNotEmpty). Graph documents no limit of its own for
 * `servicePrincipal.displayName` (https://learn.microsoft.com/en-us/graph/api/resources/serviceprincipal), and the
 * provider's service principal takes its display name from the application (`display_name` is Computed in
 * internal/services/serviceprincipals/service_principal_resource.go), so only the application's counts.
 * Pure fact, no `@pulumi` import: the manifest and the simulator both read it.
 */
export const MAX_APPLICATION_DISPLAY_NAME = 256;
