import * as azuread from "@pulumi/azuread";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";
import { knownStrings } from "../support";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Why `uri` is not acceptable, or `undefined`. Public clients may use custom schemes (`msal…://auth`). */
function problem(uri: string, publicClient: boolean): string | undefined {
  if (uri.includes("*")) return "contains a wildcard";
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return "is not an absolute URI";
  }
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:") return LOOPBACK.has(url.hostname) ? undefined : "uses http:// on a host other than localhost";
  return publicClient ? undefined : `uses the ${url.protocol} scheme instead of https`;
}

/** Redirect URIs are https (http only for localhost) and never wildcards: a token must only go where we expect. */
export const redirectUri: ResourceValidationPolicy = {
  name: "redirect-uri",
  description: "Redirect URIs use https (http only for localhost) and no wildcards.",
  enforcementLevel: "mandatory",
  remediationSteps: "List each exact https redirect URI; http is allowed only for http://localhost during development.",
  validateResource: validateResourceOfType(azuread.Application, (app, _args, reportViolation) => {
    const lists: [string, unknown, boolean][] = [
      ["web.redirectUris", app.web?.redirectUris, false],
      ["singlePageApplication.redirectUris", app.singlePageApplication?.redirectUris, false],
      ["publicClient.redirectUris", app.publicClient?.redirectUris, true],
    ];
    for (const [path, list, publicClient] of lists) {
      for (const uri of knownStrings(list)) {
        const found = problem(uri, publicClient);
        if (!found) continue;
        reportViolation(
          `${path} "${uri}" ${found}, so authorization codes or tokens could be sent somewhere an attacker controls. ` +
          "Fix: list each exact https:// URI the app serves (http:// only for localhost).",
        );
      }
    }
  }),
};
