/**
 * One redirect URI rule for the manifest, the simulator and the policy pack. Sources:
 * - [doc] Entra "Redirect URI (reply URL) restrictions":
 *   https://learn.microsoft.com/en-us/entra/identity-platform/reply-url
 * - [provider] terraform-provider-azuread@38d1993a:internal/helpers/tf/validation/uri.go (`IsRedirectUriFunc`,
 *   `IsUriFunc`), applied per platform in internal/services/applications/application_resource.go
 *   (`web`: IsRedirectUriFunc(true, false); `single_page_application`: (false, false); `public_client`: (true, true);
 *   `MaxItems: 256` on each list).
 */

export type RedirectPlatform = "web" | "spa" | "publicClient";

/** [doc] "Maximum URI length": 256 characters per redirect URI; [provider] uri.go: "URI must be 256 characters or less". */
export const MAX_REDIRECT_URI_LENGTH = 256;

/**
 * [doc] "Maximum number of redirect URIs": 256 per app registration when `signInAudience` is AzureADMyOrg (what the
 * toolkit sets); [provider] `MaxItems: 256` on each platform's `redirect_uris`.
 */
export const MAX_REDIRECT_URIS = 256;

/** [doc] "Redirect URIs do not support special characters - ! $ ' ( ) , ;". */
const FORBIDDEN_CHARACTERS = ["!", "$", "'", "(", ")", ",", ";"] as const;

/**
 * [doc] "Localhost exceptions": http is acceptable for `localhost` and the IP loopback `127.0.0.1` (the doc prefers it;
 * only the portal's text box refuses it, the manifest and Graph accept it). "The IPv6 loopback address ([::1]) is not
 * currently supported."
 */
const HTTP_LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1"]);

/** What makes a redirect URI unacceptable. */
export type RedirectUriFlaw =
  | { kind: "too-long"; length: number }
  | { kind: "forbidden-character"; character: string }
  | { kind: "wildcard" }
  | { kind: "not-absolute" }
  | { kind: "no-host" }
  | { kind: "no-path" }
  | { kind: "ipv6-loopback" }
  | { kind: "http-not-localhost" }
  | { kind: "scheme"; scheme: string };

interface ParsedUri {
  scheme: string;
  /** Lowercase host without brackets, port or user info; "" when the URI has no authority. */
  host: string;
  /** The path as Go's url.Parse sees it: "" when nothing follows the authority. */
  path: string;
}

/** Splits a URI the way Go's `url.Parse` (which the provider validates with) does for the parts the rule needs. */
function parse(uri: string): ParsedUri | undefined {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s.exec(uri);
  if (!match) return undefined;
  const [, scheme, rest] = match;
  if (!rest.startsWith("//")) return { scheme: scheme.toLowerCase(), host: "", path: rest.split(/[?#]/)[0] };
  const authorityEnd = rest.slice(2).search(/[/?#]/);
  const authority = authorityEnd === -1 ? rest.slice(2) : rest.slice(2, 2 + authorityEnd);
  const afterAuthority = authorityEnd === -1 ? "" : rest.slice(2 + authorityEnd);
  const hostPort = authority.slice(authority.lastIndexOf("@") + 1);
  const host = hostPort.startsWith("[") ? hostPort.slice(1, Math.max(1, hostPort.indexOf("]"))) : hostPort.replace(/:\d*$/, "");
  return { scheme: scheme.toLowerCase(), host: host.toLowerCase(), path: afterAuthority.split(/[?#]/)[0] };
}

/** [provider] IsUriFunc: a URN (`urn:a:b…`, at least three colon-separated parts) passes where `urnAllowed`. */
function isUrn(uri: string): boolean {
  const parts = uri.split(":");
  return parts.length >= 3 && parts[0] === "urn";
}

/**
 * The first reason Entra ID, the pinned provider or our guardrail refuses `uri` on `platform`, or undefined.
 * The toolkit itself registers only `web` redirect URIs; the policy pack judges all three platforms.
 */
export function redirectUriFlaw(uri: string, platform: RedirectPlatform = "web"): RedirectUriFlaw | undefined {
  if (uri.length > MAX_REDIRECT_URI_LENGTH) return { kind: "too-long", length: uri.length };
  const character = FORBIDDEN_CHARACTERS.find((c) => uri.includes(c));
  if (character) return { kind: "forbidden-character", character };
  // [doc] "Restrictions on wildcards": they "should be avoided due to security implications" and are unsupported for
  // personal accounts; Entra accepts them for work-or-school apps, so refusing them is this toolkit's guardrail.
  if (uri.includes("*")) return { kind: "wildcard" };
  // [provider] urnAllowed is true for web and public_client; the doc's schemes for web are https/http only, so only
  // public clients (e.g. urn:ietf:wg:oauth:2.0:oob) keep it here.
  if (platform === "publicClient" && isUrn(uri)) return undefined;
  const parsed = parse(uri);
  if (!parsed) return { kind: "not-absolute" };
  // [provider] IsUriFunc: "URI has no host".
  if (parsed.host === "") return { kind: "no-host" };
  if (parsed.host === "::1") return { kind: "ipv6-loopback" };
  const httpBased = parsed.scheme === "https" || parsed.scheme === "http";
  // [provider] IsUriFunc with forceTrailingSlash (web and SPA lists): "URI must have a trailing slash when there is
  // no path segment" — https://contoso.com is refused at plan time, https://contoso.com/ passes.
  if (platform !== "publicClient" && httpBased && parsed.path === "") return { kind: "no-path" };
  // [doc] "Supported schemes": https for every HTTP-based redirect URI; http only for localhost (and 127.0.0.1).
  if (parsed.scheme === "http") return HTTP_LOOPBACK_HOSTS.has(parsed.host) ? undefined : { kind: "http-not-localhost" };
  if (parsed.scheme === "https") return undefined;
  // [provider] public_client allows every scheme (mobile and desktop apps' own, e.g. msal<client id>://auth);
  // web and SPA: the doc's https/http only (the provider would also let ms-appx-web and brk-multihub through).
  return platform === "publicClient" ? undefined : { kind: "scheme", scheme: `${parsed.scheme}:` };
}

/** What to do about a flaw, in words shared by the manifest, the simulator and the policy pack. */
export function redirectUriFix(uri: string, flaw: RedirectUriFlaw): string {
  switch (flaw.kind) {
    case "too-long": return `"${uri}" has ${flaw.length} characters; Entra accepts at most ${MAX_REDIRECT_URI_LENGTH}: shorten the path`;
    case "forbidden-character": return `"${uri}" contains "${flaw.character}", which Entra does not support in redirect URIs (! $ ' ( ) , ;): remove it`;
    case "wildcard": return `"${uri}" contains a wildcard, which lets tokens go to hosts you do not control; list each exact URI`;
    case "not-absolute": return `"${uri}" is not a URL; use an absolute https URL such as https://app.contoso.com/getAToken`;
    case "no-host": return `"${uri}" has no host; use an absolute https URL such as https://app.contoso.com/getAToken`;
    case "no-path": return `"${uri}" has no path, which the azuread provider refuses; add a trailing slash ("${uri}/") or the callback path`;
    case "ipv6-loopback": return `"${uri}" uses the IPv6 loopback [::1], which Entra does not support; use http://localhost or http://127.0.0.1`;
    case "http-not-localhost": return `"${uri}" must use https (http is allowed only for http://localhost and http://127.0.0.1)`;
    case "scheme": return `"${uri}" uses the ${flaw.scheme} scheme; web and single-page-app redirect URIs must use https (http only for localhost)`;
  }
}
