import { errorText, requestJson } from "./http";

/** The newest credential as Key Vault holds it. `value` is never printed. */
export interface VaultSecret {
  value: string;
  enabled: boolean;
  /** `attributes.exp`, when set. */
  expires?: Date;
}

/** `https://{vault}.vault.azure.net` from the template. */
export function vaultUrl(template: string, vaultName: string): string {
  return template.replace("{vault}", encodeURIComponent(vaultName)).replace(/\/+$/, "");
}

/**
 * The current version of a secret: `GET {vaultBaseUrl}/secrets/{secret-name}?api-version=7.4` →
 * `{ value, id, attributes: { enabled, exp, … } }` (https://learn.microsoft.com/rest/api/keyvault/secrets/get-secret/get-secret;
 * without a version segment it is the latest). Read with the caller's own token (`https://vault.azure.net/.default`).
 */
export async function readSecret(baseUrl: string, secretName: string, token: string): Promise<VaultSecret> {
  const r = await requestJson(`${baseUrl}/secrets/${encodeURIComponent(secretName)}?api-version=7.4`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = r.body as { value?: unknown; attributes?: { enabled?: unknown; exp?: unknown } } | undefined;
  if (r.status !== 200 || typeof body?.value !== "string") throw new Error(`Key Vault secret ${secretName}: ${errorText(r)}`);
  const exp = body.attributes?.exp;
  return {
    value: body.value,
    enabled: body.attributes?.enabled !== false,
    ...(typeof exp === "number" ? { expires: new Date(exp * 1000) } : {}),
  };
}
