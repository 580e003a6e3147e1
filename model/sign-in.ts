/** Who may sign in to an application workload, and on which platforms: resolved from the manifest's web / spa / publicClient. */

/** One user or group given access to the application (an app role assignment to its service principal). */
export interface SignInAssignment {
  objectId: string;
  principalType: "User" | "Group";
  /** The app role's value; absent for the default access. */
  role?: string;
  /** The app role's id, or the default-access id. */
  appRoleId: string;
}

export interface SignInSpec {
  /** Only assigned users and groups may sign in (service principal `appRoleAssignmentRequired`). */
  appRoleAssignmentRequired: boolean;
  assignments: SignInAssignment[];
  /** Front-channel logout URL of the web platform. */
  logoutUrl?: string;
  spaRedirectUris: string[];
  publicClientRedirectUris: string[];
}

/**
 * The app role id that assigns a principal to an application without a specific role ("default access"): Graph
 * accepts it when the resource application declares no app roles ("If the resource application has not declared any
 * app roles, a default app role ID of 00000000-0000-0000-0000-000000000000 can be specified",
 * https://learn.microsoft.com/en-us/graph/api/resources/approleassignment, `appRoleId`). All zeros: not a catalog GUID.
 */
export const DEFAULT_ACCESS_APP_ROLE_ID = "00000000-0000-0000-0000-000000000000";

/** The group membership claims the pinned provider accepts (terraform-provider-azuread@38d1993a:internal/services/applications/constants.go). */
export const GROUP_MEMBERSHIP_CLAIMS = ["None", "SecurityGroup", "DirectoryRole", "ApplicationGroup", "All"] as const;

/** Longest logout URL the pinned provider accepts (source at {@link logoutUrlFlaw}). */
export const MAX_LOGOUT_URL_LENGTH = 255;

/**
 * Why a front-channel logout URL would be refused, or undefined: the pinned provider's `web.logout_url` validation,
 * terraform-provider-azuread@38d1993a:internal/helpers/tf/validation/uri.go (IsLogoutUrl: IsUriFunc with schemes
 * http and https, no URN, and at most 255 characters; IsUriFunc also requires a host).
 */
export function logoutUrlFlaw(url: string): string | undefined {
  if (url.length > MAX_LOGOUT_URL_LENGTH) return `is ${url.length} characters long; the logout URL may have at most ${MAX_LOGOUT_URL_LENGTH}`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "is not a URL; give an absolute https URL, e.g. https://app.contoso.com/signout-oidc";
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return `has scheme ${parsed.protocol.replace(/:$/, "")}; the logout URL must be http or https`;
  if (parsed.host === "") return "has no host; give an absolute URL such as https://app.contoso.com/signout-oidc";
  return undefined;
}
