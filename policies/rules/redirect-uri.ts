import * as azuread from "@pulumi/azuread";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";
import { redirectUriFlaw } from "../../components/redirect-uri";
import { knownStrings } from "../support";

/** The policy's wording of what is wrong with a redirect URI. */
function problem(uri: string, platform: "web" | "spa" | "publicClient"): string | undefined {
  const flaw = redirectUriFlaw(uri, platform);
  switch (flaw?.kind) {
    case undefined: return undefined;
    case "wildcard": return "contains a wildcard";
    case "not-absolute": return "is not an absolute URI";
    case "http-not-localhost": return "uses http:// on a host other than localhost";
    case "scheme": return `uses the ${flaw.scheme} scheme instead of https`;
  }
}

/** Redirect URIs are https (http only for localhost) and never wildcards: a token must only go where we expect. */
export const redirectUri: ResourceValidationPolicy = {
  name: "redirect-uri",
  description: "Redirect URIs use https (http only for localhost) and no wildcards.",
  enforcementLevel: "mandatory",
  remediationSteps: "List each exact https redirect URI; http is allowed only for http://localhost during development.",
  validateResource: validateResourceOfType(azuread.Application, (app, _args, reportViolation) => {
    const lists: [string, unknown, "web" | "spa" | "publicClient"][] = [
      ["web.redirectUris", app.web?.redirectUris, "web"],
      ["singlePageApplication.redirectUris", app.singlePageApplication?.redirectUris, "spa"],
      ["publicClient.redirectUris", app.publicClient?.redirectUris, "publicClient"],
    ];
    for (const [path, list, platform] of lists) {
      for (const uri of knownStrings(list)) {
        const found = problem(uri, platform);
        if (!found) continue;
        reportViolation(
          `${path} "${uri}" ${found}, so authorization codes or tokens could be sent somewhere an attacker controls. ` +
          "Fix: list each exact https:// URI the app serves (http:// only for localhost).",
        );
      }
    }
  }),
};
