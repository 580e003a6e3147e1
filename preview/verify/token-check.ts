import { clientIdOf, decodeClaims } from "./jwt";
import type { DeployedWorkload } from "./outputs";
import type { CheckResult, TokenResource } from "./types";

const variants = (s: string) => [s, s.replace(/\/+$/, ""), `${s.replace(/\/+$/, "")}/`].map((v) => v.toLowerCase());

/**
 * The audiences a token for `resource` may carry: the v1 App ID URI (with or without its trailing slash) or, for
 * v2 tokens, the API's application id ("aud … for v2.0 tokens … is always the client ID of the API",
 * https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference).
 */
export function acceptedAudiences(resource: TokenResource): string[] {
  return [...new Set([...variants(resource.resource), ...(resource.appId ? [resource.appId.toLowerCase()] : [])])];
}

const list = (xs: readonly string[]) => (xs.length === 0 ? "none" : xs.join(", "));

/**
 * Compares one access token's claims with the plan: `aud` is the API, `appid`/`azp` the workload's client id,
 * `tid` its tenant, and (unless `compareRoles` is off: the rotation gate only asks whether the credential works)
 * `roles` exactly the app roles consented on that API. The token itself is never printed.
 */
export function checkToken(
  resource: TokenResource, token: string, deployed: DeployedWorkload, awaitingConsent: readonly string[], compareRoles = true,
): CheckResult {
  const check = `token ${resource.scope}`;
  let claims;
  try {
    claims = decodeClaims(token);
  } catch (err) {
    return { check, status: "failed", detail: (err as Error).message };
  }
  const problems: string[] = [];
  const aud = typeof claims.aud === "string" ? claims.aud : "";
  if (!acceptedAudiences(resource).includes(aud.toLowerCase())) problems.push(`aud is "${aud}", not ${resource.api} (${resource.resource})`);
  const client = clientIdOf(claims);
  if (client?.toLowerCase() !== deployed.clientId.toLowerCase()) problems.push(`issued to client ${client ?? "(none)"}, not the workload's ${deployed.clientId}`);
  if (claims.tid !== undefined && String(claims.tid).toLowerCase() !== deployed.tenantId.toLowerCase()) problems.push(`tenant ${String(claims.tid)}, not ${deployed.tenantId}`);
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === "string") : [];
  const extra = compareRoles ? roles.filter((r) => !resource.roles.includes(r)) : [];
  const missing = compareRoles ? resource.roles.filter((r) => !roles.includes(r)) : [];
  if (extra.length > 0) {
    const pending = extra.filter((r) => awaitingConsent.includes(r));
    problems.push(`more access than planned: roles ${list(extra)}${pending.length > 0 ? ` (${list(pending)} planned without admin consent)` : ""} — remove the grant or add it to the manifest`);
  }
  if (missing.length > 0) problems.push(`missing roles ${list(missing)}: admin consent not granted (or not yet effective) — check the app role assignments`);
  const seen = `aud ${aud}; roles ${list(roles)}`;
  return problems.length === 0
    ? { check, status: "passed", detail: `${seen}; issued to ${deployed.clientId}` }
    : { check, status: "failed", detail: `${problems.join("; ")} (${seen})` };
}
