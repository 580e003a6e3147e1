import { MAX_REDIRECT_URIS, redirectUriFix, redirectUriFlaw, type RedirectPlatform } from "../../../model/redirect-uri";
import type { PathSegment, ProblemList } from "../problems";

/** A platform's redirect URIs (web unless told): each one by the shared rule (model/redirect-uri.ts, sources there). */
export function checkRedirectUris(uris: readonly string[], path: readonly PathSegment[], problems: ProblemList, platform: RedirectPlatform = "web"): string[] {
  // Entra "Redirect URI (reply URL) restrictions", "Maximum number of redirect URIs": 256 per app (AzureADMyOrg);
  // terraform-provider-azuread@38d1993a:internal/services/applications/application_resource.go: web.redirect_uris MaxItems 256.
  if (uris.length > MAX_REDIRECT_URIS) {
    problems.add(path, `has ${uris.length} redirect URIs; Entra accepts at most ${MAX_REDIRECT_URIS} per app: split the workload or use one shared callback URI with a state parameter`);
  }
  const seen = new Set<string>();
  uris.forEach((uri, i) => {
    const flaw = redirectUriFlaw(uri, platform);
    if (flaw) problems.add([...path, i], redirectUriFix(uri, flaw));
    if (seen.has(uri)) problems.add([...path, i], `"${uri}" is listed twice; remove the duplicate`);
    seen.add(uri);
  });
  return [...seen];
}
