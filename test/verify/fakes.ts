/**
 * Local fakes of the endpoints `npm run verify` calls, on 127.0.0.1 only, answering with the shapes Microsoft
 * documents (token endpoint, IMDS, Key Vault "Get Secret", ARM permissions and role definitions, Graph) and GitHub's
 * OIDC token request. Each scenario scripts failures. The server stops itself after 20 s or 500 requests.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createHash, constants, verify as verifySignature, X509Certificate } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { PermissionBlock } from "../../preview/verify/arm";

/** An unsigned JWT-shaped string: verify decodes claims without checking signatures. */
export function fakeJwt(claims: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part(claims)}.${Buffer.from(`sig-${Math.random()}`).toString("base64url")}`;
}

export interface FakeApp {
  clientId: string;
  tenantId: string;
  /** Client secret the token endpoint accepts. */
  secret?: string;
  /** Certificate PEM whose key must sign the client assertion. */
  certificatePem?: string;
  /** Subject of the GitHub token it trusts (federated). */
  githubSubject?: string;
  /** `roles` per requested scope; absent: none. */
  roles?: Record<string, string[]>;
}

export interface FakeState {
  apps: FakeApp[];
  /** Key Vault: vault name → secret name → value (and optional exp, seconds). */
  vault: Record<string, Record<string, { value: string; exp?: number; enabled?: boolean }>>;
  /** IMDS: statuses to answer before 200 (e.g. [429, 429, 429]); "hang" never answers. */
  imdsScript: Array<number | "hang">;
  /** Managed identities IMDS knows (client id → tenant). */
  managedIdentities: Record<string, string>;
  /** ARM: effective permissions per scope (lower-case); `forbidden` answers 403 that many times first. */
  permissions: Record<string, { blocks: PermissionBlock[]; forbidden?: number }>;
  /** ARM: principal object id → role assignments (role definition GUID, scope). */
  assignments: Record<string, Array<{ roleDefinitionId: string; scope: string }>>;
  /** ARM: the caller may not list role assignments at the subscription. */
  assignmentsForbidden?: boolean;
  /** ARM: role definition id → permissions. */
  roleDefinitions: Record<string, PermissionBlock[]>;
  /** Graph: app id → redirect URIs; client SP id → grants; app id → SP id. */
  redirectUris: Record<string, string[]>;
  grants: Record<string, Array<{ resourceId: string; consentType: string; scope: string }>>;
  servicePrincipals: Record<string, string>;
  /** GitHub OIDC: the job's subject. */
  githubSubject: string;
  /** GitHub OIDC: answer with a value that is not a JWT. */
  githubOpaque?: boolean;
  /** Every token handed out, so tests can assert none was printed. */
  issued: string[];
  /** Every request's method and path, in order. */
  log: string[];
}

export function emptyState(): FakeState {
  return {
    apps: [], vault: {}, imdsScript: [], managedIdentities: {}, permissions: {}, assignments: {}, roleDefinitions: {},
    redirectUris: {}, grants: {}, servicePrincipals: {}, githubSubject: "repo:contoso/platform:environment:dev", issued: [], log: [],
  };
}

const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
}

/** Checks a PS256 client assertion against the app's certificate, as Entra ID would. */
function assertionValid(assertion: string, app: FakeApp, tokenUrl: string): boolean {
  if (!app.certificatePem) return false;
  const [h, p, s] = assertion.split(".");
  if (!h || !p || !s) return false;
  const header = JSON.parse(Buffer.from(h, "base64url").toString("utf8")) as Record<string, string>;
  const cert = new X509Certificate(app.certificatePem);
  if (header.alg !== "PS256" || header["x5t#S256"] !== createHash("sha256").update(cert.raw).digest("base64url")) return false;
  const payload = claimsOf(assertion);
  if (payload.aud !== tokenUrl || payload.iss !== app.clientId || payload.sub !== app.clientId) return false;
  return verifySignature("sha256", Buffer.from(`${h}.${p}`), { key: cert.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, Buffer.from(s, "base64url"));
}

export interface Fake {
  url: string;
  state: FakeState;
  close(): Promise<void>;
}

export async function startFake(state: FakeState): Promise<Fake> {
  let requests = 0;
  let base = "";
  const issue = (claims: Record<string, unknown>) => {
    const token = fakeJwt({ iss: "https://sts.windows.net/fake/", ...claims });
    state.issued.push(token);
    return token;
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (++requests > 500) return send(res, 503, { error: "fake exhausted" });
      const url = new URL(req.url ?? "/", base);
      const path = decodeURIComponent(url.pathname);
      state.log.push(`${req.method} ${path}`);
      const bearer = (req.headers.authorization ?? "").replace(/^bearer /i, "");
      // Entra ID token endpoint (v2 client credentials).
      const tokenPath = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path);
      if (tokenPath && req.method === "POST") {
        const form = new URLSearchParams(await readBody(req));
        const app = state.apps.find((a) => a.clientId === form.get("client_id") && a.tenantId === tokenPath[1]);
        const scope = form.get("scope") ?? "";
        if (!app) return send(res, 400, { error: "unauthorized_client", error_description: "AADSTS700016: Application not found in the directory." });
        const assertion = form.get("client_assertion");
        let ok = false;
        if (form.get("client_secret") !== null) ok = form.get("client_secret") === app.secret;
        else if (assertion) {
          const c = claimsOf(assertion);
          ok = c.iss === GITHUB_ISSUER ? c.sub === app.githubSubject && c.aud === "api://AzureADTokenExchange" : assertionValid(assertion, app, `${base}${path}`);
        }
        if (!ok) return send(res, 401, { error: "invalid_client", error_description: "AADSTS7000215: Invalid client secret provided." });
        const resource = scope.replace(/\/\.default$/, "");
        const roles = app.roles?.[scope] ?? [];
        return send(res, 200, {
          token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599,
          access_token: issue({ aud: resource.endsWith("management.azure.com") ? `${resource}/` : resource, appid: app.clientId, tid: app.tenantId, ...(roles.length ? { roles } : {}) }),
        });
      }
      // Instance metadata service.
      if (path === "/metadata/identity/oauth2/token") {
        if (req.headers.metadata !== "true") return send(res, 400, { error: "invalid_request", error_description: "Required metadata header not specified" });
        const next = state.imdsScript.shift();
        if (next === "hang") return; // never answers: the client's timeout fires
        if (next !== undefined) return send(res, next, { error: "retry", error_description: `scripted ${next}` });
        const clientId = url.searchParams.get("client_id") ?? "";
        const tenant = state.managedIdentities[clientId];
        if (!tenant) return send(res, 400, { error: "invalid_request", error_description: "Identity not found" });
        const resource = url.searchParams.get("resource") ?? "";
        return send(res, 200, {
          access_token: issue({ aud: resource, appid: clientId, tid: tenant }), refresh_token: "", expires_in: "3599",
          expires_on: "1506484173", not_before: "1506480273", resource, token_type: "Bearer",
        });
      }
      // GitHub Actions OIDC token request.
      if (path === "/github-oidc") {
        if (bearer !== "gh-request-token") return send(res, 401, { message: "bad request token" });
        const value = state.githubOpaque ? "opaque-github-value" : fakeJwt({ iss: GITHUB_ISSUER, sub: state.githubSubject, aud: url.searchParams.get("audience") });
        state.issued.push(value);
        return send(res, 200, { count: 1, value });
      }
      if (bearer === "") return send(res, 401, { error: { code: "Unauthorized", message: "no bearer token" } });
      // Key Vault: /kv/{vault}/secrets/{name}.
      const kv = /^\/kv\/([^/]+)\/secrets\/([^/]+)$/.exec(path);
      if (kv) {
        const secret = state.vault[kv[1]]?.[kv[2]];
        if (!secret) return send(res, 404, { error: { code: "SecretNotFound", message: `A secret with (name/id) ${kv[2]} was not found in this key vault.` } });
        return send(res, 200, { value: secret.value, id: `${base}/kv/${kv[1]}/secrets/${kv[2]}/0123`, attributes: { enabled: secret.enabled ?? true, ...(secret.exp ? { exp: secret.exp } : {}) } });
      }
      // ARM.
      const perms = /^(.*)\/providers\/Microsoft\.Authorization\/permissions$/.exec(path);
      if (perms) {
        const entry = state.permissions[(perms[1]).toLowerCase()];
        if (!entry) return send(res, 403, { error: { code: "AuthorizationFailed", message: "The client does not have authorization." } });
        if ((entry.forbidden ?? 0) > 0) {
          entry.forbidden = (entry.forbidden as number) - 1;
          return send(res, 403, { error: { code: "AuthorizationFailed", message: "The client does not have authorization." } });
        }
        return send(res, 200, { value: entry.blocks });
      }
      const assignments = /^(\/subscriptions\/[^/]+)\/providers\/Microsoft\.Authorization\/roleAssignments$/.exec(path);
      if (assignments) {
        if (state.assignmentsForbidden) return send(res, 403, { error: { code: "AuthorizationFailed", message: "The client does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/read'." } });
        const principal = /principalId eq '([^']+)'/.exec(url.searchParams.get("$filter") ?? "")?.[1] ?? "";
        const sub = (assignments[1]).toLowerCase();
        const value = (state.assignments[principal] ?? []).filter((a) => a.scope.toLowerCase().startsWith(sub)).map((a) => ({
          id: `${a.scope}/providers/Microsoft.Authorization/roleAssignments/ra`, type: "Microsoft.Authorization/roleAssignments",
          properties: { roleDefinitionId: `${sub}/providers/Microsoft.Authorization/roleDefinitions/${a.roleDefinitionId}`, principalId: principal, principalType: "ServicePrincipal", scope: a.scope },
        }));
        return send(res, 200, { value });
      }
      const def = /\/providers\/Microsoft\.Authorization\/roleDefinitions\/([^/]+)$/.exec(path);
      if (def) {
        const blocks = state.roleDefinitions[def[1]];
        if (!blocks) return send(res, 404, { error: { code: "RoleDefinitionDoesNotExist", message: "The specified role definition does not exist." } });
        return send(res, 200, { id: path, name: def[1], properties: { type: "BuiltInRole", permissions: blocks } });
      }
      // Graph.
      const app = /^\/v1\.0\/applications\(appId='([^']+)'\)$/.exec(path);
      if (app) return send(res, 200, { web: { redirectUris: state.redirectUris[app[1]] ?? [] } });
      const sp = /^\/v1\.0\/servicePrincipals\(appId='([^']+)'\)$/.exec(path);
      if (sp) return state.servicePrincipals[sp[1]] ? send(res, 200, { id: state.servicePrincipals[sp[1]] }) : send(res, 404, { error: { code: "Request_ResourceNotFound", message: "not found" } });
      if (path === "/v1.0/oauth2PermissionGrants") {
        const client = /clientId eq '([^']+)'/.exec(url.searchParams.get("$filter") ?? "")?.[1] ?? "";
        return send(res, 200, { value: (state.grants[client] ?? []).map((g) => ({ clientId: client, ...g })) });
      }
      return send(res, 404, { error: { code: "NotFound", message: `fake has no ${path}` } });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const stop = setTimeout(() => server.close(), 20_000);
  stop.unref();
  return {
    url: base,
    state,
    close: () => new Promise<void>((resolve) => { clearTimeout(stop); server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** A clock that records every wait and never sleeps. */
export function fakeClock(start = Date.parse("2026-11-23T00:00:00Z")): { now(): number; sleep(ms: number): Promise<void>; waits: number[] } {
  let now = start;
  const waits: number[] = [];
  return { now: () => now, sleep: (ms) => { waits.push(ms); now += ms; return Promise.resolve(); }, waits };
}
