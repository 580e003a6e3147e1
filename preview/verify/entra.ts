import { errorText, requestJson, trimSlash } from "./http";

/** How the client proves who it is at the token endpoint. */
export type ClientAuth =
  | { kind: "secret"; secret: string }
  /** A signed JWT: the certificate's assertion, or another issuer's token under a federated credential. */
  | { kind: "assertion"; assertion: string };

/** A token request Entra ID refused (the OAuth `error` and the first line of `error_description`, with its AADSTS code). */
export class TokenRequestError extends Error {
  override readonly name = "TokenRequestError";
}

/** `{authorityHost}/{tenant}/oauth2/v2.0/token` (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow). */
export function tokenEndpoint(authorityHost: string, tenantId: string): string {
  return `${trimSlash(authorityHost)}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`;
}

/**
 * The OAuth 2.0 client credentials grant, v2 endpoint, as the S2 source document's daemon does it
 * (shared/seeds/001_*.txt: `acquire_token_for_client(scopes=["<Application ID URI>/.default"])`) and as
 * https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow specifies: form fields
 * `client_id`, `scope`, `grant_type=client_credentials`, then `client_secret`, or `client_assertion_type =
 * urn:ietf:params:oauth:client-assertion-type:jwt-bearer` with `client_assertion` (a certificate's signed JWT, or a
 * federated token: https://learn.microsoft.com/entra/workload-id/workload-identity-federation). Returns the
 * access token; the caller never prints it.
 */
export async function clientCredentialsToken(
  authorityHost: string, tenantId: string, clientId: string, scope: string, auth: ClientAuth,
): Promise<string> {
  const form = new URLSearchParams({ client_id: clientId, scope, grant_type: "client_credentials" });
  if (auth.kind === "secret") form.set("client_secret", auth.secret);
  else {
    form.set("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    form.set("client_assertion", auth.assertion);
  }
  const r = await requestJson(tokenEndpoint(authorityHost, tenantId), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form.toString(),
  });
  const token = (r.body as { access_token?: unknown } | undefined)?.access_token;
  if (r.status !== 200 || typeof token !== "string") throw new TokenRequestError(`token request for ${scope} refused: ${errorText(r)}`);
  return token;
}
