import { errorText, requestJson } from "./http";

/** The two variables a GitHub Actions job with `permissions: id-token: write` has. */
export interface GithubOidcEnv {
  ACTIONS_ID_TOKEN_REQUEST_URL?: string;
  ACTIONS_ID_TOKEN_REQUEST_TOKEN?: string;
}

export function inGithubActions(env: GithubOidcEnv): boolean {
  return Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
}

/**
 * The job's OIDC token for `audience`: `GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=…` with
 * `Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN`, answering `{ "value": "<jwt>" }`
 * (https://docs.github.com/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect,
 * "Methods for requesting the OIDC token"; actions/toolkit packages/core/src/oidc-utils.ts does the same).
 */
export async function githubOidcToken(env: GithubOidcEnv, audience: string): Promise<string> {
  if (!inGithubActions(env)) throw new Error("not inside a GitHub Actions job with `permissions: id-token: write`");
  const url = new URL(env.ACTIONS_ID_TOKEN_REQUEST_URL as string);
  url.searchParams.set("audience", audience);
  const r = await requestJson(url.toString(), { headers: { authorization: `bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN as string}` } });
  const value = (r.body as { value?: unknown } | undefined)?.value;
  if (r.status !== 200 || typeof value !== "string") throw new Error(`GitHub's OIDC token request failed: ${errorText(r)}`);
  return value;
}
