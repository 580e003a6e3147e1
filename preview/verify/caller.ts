import { execFile } from "node:child_process";
import { clientCredentialsToken } from "./entra";
import { githubOidcToken, inGithubActions, type GithubOidcEnv } from "./github";
import { TOKEN_EXCHANGE_AUDIENCE } from "./expectations";

/** The identity running `npm run verify` (the pipeline, or you): it reads Key Vault, role definitions and app registrations. */
export interface CallerCredential {
  /** Where the tokens come from, for the report. */
  readonly description: string;
  /** An access token for a v2 scope (`https://vault.azure.net/.default`); never printed. */
  getToken(scope: string): Promise<string>;
}

export interface CallerEnv extends GithubOidcEnv {
  AZURE_CLIENT_ID?: string;
  AZURE_TENANT_ID?: string;
  ARM_CLIENT_ID?: string;
  ARM_TENANT_ID?: string;
}

/** The job's own federated identity (the workflows' `ARM_CLIENT_ID` / `ARM_TENANT_ID`, or the Azure SDK's `AZURE_*`). */
function githubCaller(env: CallerEnv, authorityHost: string, clientId: string, tenantId: string): CallerCredential {
  const cache = new Map<string, Promise<string>>();
  return {
    description: `GitHub Actions OIDC as client ${clientId}`,
    getToken(scope) {
      let token = cache.get(scope);
      if (!token) {
        token = githubOidcToken(env, TOKEN_EXCHANGE_AUDIENCE)
          .then((assertion) => clientCredentialsToken(authorityHost, tenantId, clientId, scope, { kind: "assertion", assertion }));
        cache.set(scope, token);
      }
      return token;
    },
  };
}

/** The Azure CLI's signed-in account: `az account get-access-token --scope … --output json` → `accessToken`. */
export function azureCliCaller(run: (args: string[]) => Promise<string> = runAz): CallerCredential {
  return {
    description: "the Azure CLI's signed-in account",
    async getToken(scope) {
      const out = await run(["account", "get-access-token", "--scope", scope, "--output", "json"]);
      const token = (JSON.parse(out) as { accessToken?: unknown }).accessToken;
      if (typeof token !== "string") throw new Error("az account get-access-token printed no accessToken");
      return token;
    },
  };
}

function runAz(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("az", args, { timeout: 60_000, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`az ${args.slice(0, 2).join(" ")} failed: ${(stderr || err.message).split("\n")[0] ?? ""}; sign in with \`az login\``));
      else resolve(stdout);
    });
  });
}

/** GitHub Actions OIDC when the job has it and names its client; otherwise the Azure CLI. */
export function callerFromEnvironment(env: CallerEnv, authorityHost: string): CallerCredential {
  const clientId = env.AZURE_CLIENT_ID ?? env.ARM_CLIENT_ID;
  const tenantId = env.AZURE_TENANT_ID ?? env.ARM_TENANT_ID;
  if (inGithubActions(env) && clientId && tenantId) return githubCaller(env, authorityHost, clientId, tenantId);
  return azureCliCaller();
}
