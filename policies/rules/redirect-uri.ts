import * as azuread from "@pulumi/azuread";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";
import { MAX_REDIRECT_URIS, redirectUriFix, redirectUriFlaw, type RedirectPlatform } from "../../model/redirect-uri";
import { knownStrings } from "../support";

/**
 * Redirect URIs follow Entra's reply-URL restrictions and the pinned provider's validation (the shared rule in
 * model/redirect-uri.ts names each source); wildcards are refused as a guardrail: a token must only go where we expect.
 */
export const redirectUri: ResourceValidationPolicy = {
  name: "redirect-uri",
  description: "Redirect URIs use https (http only for localhost), have a host and a path, no wildcards, at most 256 characters and 256 per app.",
  enforcementLevel: "mandatory",
  remediationSteps: "List each exact https redirect URI (http only for http://localhost or http://127.0.0.1 during development), at most 256 characters each and 256 per app.",
  validateResource: validateResourceOfType(azuread.Application, (app, _args, reportViolation) => {
    const lists: [string, unknown, RedirectPlatform][] = [
      ["web.redirectUris", app.web?.redirectUris, "web"],
      ["singlePageApplication.redirectUris", app.singlePageApplication?.redirectUris, "spa"],
      ["publicClient.redirectUris", app.publicClient?.redirectUris, "publicClient"],
    ];
    let total = 0;
    for (const [path, list, platform] of lists) {
      const uris = knownStrings(list);
      total += uris.length;
      for (const uri of uris) {
        const flaw = redirectUriFlaw(uri, platform);
        if (!flaw) continue;
        reportViolation(`${path}: ${redirectUriFix(uri, flaw)}. A redirect URI Entra or the provider refuses fails \`pulumi up\`; one that is too broad sends authorization codes or tokens somewhere an attacker may control.`);
      }
    }
    if (total > MAX_REDIRECT_URIS) {
      reportViolation(`The application lists ${total} redirect URIs; Entra accepts at most ${MAX_REDIRECT_URIS} per app. Fix: use one shared callback URI with a state parameter.`);
    }
  }),
};
