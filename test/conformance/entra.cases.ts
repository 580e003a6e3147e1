import type { ConformanceCase } from "./case";
import { OWNERS, VAULT } from "../support/program";
import { api, expectFound } from "../../model/catalog";

const REPLY_URL = "https://learn.microsoft.com/en-us/entra/identity-platform/reply-url";
const PROVIDER_URI = "terraform-provider-azuread@38d1993a:internal/helpers/tf/validation/uri.go";
const GROUP_OWNER = "0b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e";
/** A customer's own API (not in the catalog): permission names are not checked offline, so any count can be asked for. */
const ORDERS_API = "3c9d2a8e-5f41-4b7c-9e26-8d1f0a4b6c2e";
const devOps = expectFound(api("Azure DevOps"))!;

const one = (workload: unknown, defaults: unknown = OWNERS) => ({ keyVault: VAULT, defaults, workloads: { app: workload } });
const secret = { credentials: [{ type: "secret" }] };
const web = (...redirectUris: string[]) => one({ ...secret, web: { redirectUris } });
const names = (count: number, length: number) => Array.from({ length: count }, (_, i) => `Orders.${String(i).padStart(3, "0")}`.padEnd(length, "x"));

/** Owners, first-party service principals, redirect URIs and grants (gaps 1, 2, 4, 5 and 10 of issue 10). */
export const entraCases: ConformanceCase[] = [
  {
    rule: "owner-user-or-service-principal",
    catches: "a group named as an owner: Entra accepts only users and service principals as owners of apps and service principals",
    source: "https://learn.microsoft.com/en-us/graph/api/application-post-owners",
    realError: "Request_BadRequest: The reference target 'Group_<id>' of type 'Group' is invalid for the 'owners' reference.",
    manifest: one(secret, { owners: [GROUP_OWNER] }),
    tenant: { directoryObjects: [{ objectId: GROUP_OWNER, type: "Group", displayName: "Platform team" }] },
    expect: { exit: 3, code: "Request_BadRequest", resource: /^app-app$/, message: /of type 'Group' is invalid for the 'owners' reference/ },
  },
  {
    rule: "redirect-uri-https",
    catches: "a web redirect URI over http to a host other than localhost / 127.0.0.1",
    source: REPLY_URL,
    realError: "Request_BadRequest from Graph on POST /applications (exact wording not verified without a tenant)",
    manifest: web("http://pat.contoso.com/getAToken"),
    expect: { exit: 2, path: "workloads.app.web.redirectUris[0]", message: /must use https \(http is allowed only for http:\/\/localhost and http:\/\/127\.0\.0\.1\)/ },
  },
  {
    rule: "redirect-uri-ipv6-loopback",
    catches: "a redirect URI on the IPv6 loopback [::1], which Entra does not support",
    source: REPLY_URL,
    realError: "Request_BadRequest from Graph on POST /applications (exact wording not verified without a tenant)",
    manifest: web("http://[::1]:5000/getAToken"),
    expect: { exit: 2, path: "workloads.app.web.redirectUris[0]", message: /IPv6 loopback \[::1\], which Entra does not support/ },
  },
  {
    rule: "redirect-uri-length",
    catches: "a redirect URI over 256 characters",
    source: `${REPLY_URL} ; ${PROVIDER_URI}`,
    realError: "URI must be 256 characters or less for \"web.0.redirect_uris.0\"",
    manifest: web(`https://pat.contoso.com/${"a".repeat(240)}`),
    expect: { exit: 2, path: "workloads.app.web.redirectUris[0]", message: /has 264 characters; Entra accepts at most 256/ },
  },
  {
    rule: "redirect-uri-count",
    catches: "more than 256 redirect URIs on one app registration",
    source: `${REPLY_URL} ; terraform-provider-azuread@38d1993a:internal/services/applications/application_resource.go`,
    realError: "the provider's plan-time validation refuses web.redirect_uris beyond MaxItems 256 (exact wording not verified)",
    manifest: web(...Array.from({ length: 257 }, (_, i) => `https://pat.contoso.com/cb/${i}`)),
    expect: { exit: 2, path: "workloads.app.web.redirectUris", message: /has 257 redirect URIs; Entra accepts at most 256 per app/ },
  },
  {
    rule: "redirect-uri-path",
    catches: "a web redirect URI with no path (https://host): the pinned provider requires a trailing slash",
    source: PROVIDER_URI,
    realError: "URI must have a trailing slash when there is no path segment for \"web.0.redirect_uris.0\"",
    manifest: web("https://pat.contoso.com"),
    expect: { exit: 2, path: "workloads.app.web.redirectUris[0]", message: /has no path, which the azuread provider refuses; add a trailing slash \("https:\/\/pat\.contoso\.com\/"\)/ },
  },
  {
    rule: "redirect-uri-host",
    catches: "a redirect URI without a host",
    source: PROVIDER_URI,
    realError: "URI has no host for \"web.0.redirect_uris.0\"",
    manifest: web("https:///getAToken"),
    expect: { exit: 2, path: "workloads.app.web.redirectUris[0]", message: /has no host/ },
  },
  {
    rule: "redirect-uri-characters",
    catches: "a redirect URI containing one of ! $ ' ( ) , ; which Entra does not support",
    source: REPLY_URL,
    realError: "Request_BadRequest from Graph on POST /applications (exact wording not verified without a tenant)",
    manifest: web("https://pat.contoso.com/callback(1)"),
    expect: { exit: 2, path: "workloads.app.web.redirectUris[0]", message: /contains "\(", which Entra does not support in redirect URIs/ },
  },
  {
    rule: "redirect-uri-scheme",
    catches: "a web redirect URI with a scheme other than https/http (custom schemes are for public clients)",
    source: `${REPLY_URL} ; ${PROVIDER_URI}`,
    realError: "unexpected URI scheme for \"web.0.redirect_uris.0\", expected one of: http, https, ms-appx-web, brk-multihub",
    manifest: web("ftp://pat.contoso.com/getAToken"),
    expect: { exit: 2, path: "workloads.app.web.redirectUris[0]", message: /uses the ftp: scheme/ },
  },
  {
    rule: "redirect-uri-no-wildcard",
    catches: "a wildcard redirect URI (guardrail: Entra accepts them for work-or-school apps but tells you to avoid them)",
    source: `${REPLY_URL}#restrictions-on-wildcards-in-redirect-uris`,
    realError: "(accepted by Entra; tokens can reach any matching host)",
    manifest: web("https://*.contoso.com/getAToken"),
    expect: { exit: 2, path: "workloads.app.web.redirectUris[0]", message: /contains a wildcard/ },
  },
  {
    rule: "required-resource-access-400",
    catches: "an app registration requesting more than 400 permissions in requiredResourceAccess",
    source: "https://learn.microsoft.com/en-us/graph/api/resources/application",
    realError: "Graph refuses the application once requiredResourceAccess exceeds 400 permissions (exact wording not verified without a tenant)",
    manifest: one({ ...secret, apiPermissions: [{ api: ORDERS_API, application: names(401, 12), adminConsent: false }] }),
    expect: { exit: 2, path: "workloads.app.apiPermissions", message: /requests 401 permissions; an app registration's requiredResourceAccess holds at most 400/ },
  },
  {
    rule: "required-resource-access-50-apis",
    catches: "an app registration requesting permissions of more than 50 APIs",
    source: "https://learn.microsoft.com/en-us/graph/api/resources/application",
    realError: "Graph refuses the application once requiredResourceAccess lists more than 50 resource services (exact wording not verified without a tenant)",
    manifest: one({ ...secret, apiPermissions: Array.from({ length: 51 }, (_, i) => ({ api: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, application: ["Data.Read"], adminConsent: false })) }),
    expect: { exit: 2, path: "workloads.app.apiPermissions", message: /requests permissions of 51 APIs; an app registration's requiredResourceAccess holds at most 50/ },
  },
  {
    rule: "delegated-grant-scope-3850",
    catches: "a delegated permission grant whose scope string (claim values joined by spaces) exceeds 3,850 characters",
    source: "https://learn.microsoft.com/en-us/graph/api/resources/oauth2permissiongrant",
    realError: "Graph refuses POST /oauth2PermissionGrants with a scope over 3850 characters (exact wording not verified without a tenant)",
    manifest: one({ ...secret, web: { redirectUris: ["https://orders.contoso.com/cb"] }, apiPermissions: [{ api: ORDERS_API, delegated: names(100, 40) }] }),
    expect: { exit: 2, path: "workloads.app.apiPermissions[0].delegated", message: /join into a 4099-character scope; Graph accepts at most 3850 per permission grant/ },
  },
  {
    rule: "delegated-grant-unique",
    catches: "a tenant-wide delegated grant the tenant already holds (an administrator consented by URL before consent moved into code)",
    source: "https://github.com/hashicorp/terraform-provider-azuread/issues/690",
    realError: "Request_MultipleObjectsWithSameKeyValue: Permission entry already exists.",
    manifest: one({ ...secret, web: { redirectUris: ["https://pat.contoso.com/getAToken"] }, apiPermissions: [{ api: "Azure DevOps", delegated: ["user_impersonation"] }] }),
    tenant: { delegatedPermissionGrants: [{ clientDisplayName: "app-test", resourceAppId: devOps.appId }] },
    expect: { exit: 3, code: "Request_MultipleObjectsWithSameKeyValue", resource: /^app-consent-azure-devops-delegated$/, message: /pulumi import/ },
  },
];
