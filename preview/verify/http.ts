/** Where verify talks to; every one can be pointed elsewhere (sovereign clouds; tests point them at 127.0.0.1 fakes). */
export interface Endpoints {
  /** Entra ID's authority host. @default https://login.microsoftonline.com (also read from AZURE_AUTHORITY_HOST) */
  authorityHost: string;
  /** The instance metadata service. @default http://169.254.169.254 */
  imds: string;
  /** Azure Resource Manager. @default https://management.azure.com */
  arm: string;
  /** Microsoft Graph. @default https://graph.microsoft.com */
  graph: string;
  /** A vault's URL, `{vault}` standing for its name. @default https://{vault}.vault.azure.net */
  keyVault: string;
}

export const PUBLIC_CLOUD: Endpoints = {
  authorityHost: "https://login.microsoftonline.com",
  imds: "http://169.254.169.254",
  arm: "https://management.azure.com",
  graph: "https://graph.microsoft.com",
  keyVault: "https://{vault}.vault.azure.net",
};

export const trimSlash = (url: string) => url.replace(/\/+$/, "");

/** A response reduced to what the checks read. */
export interface JsonResponse {
  status: number;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  body: unknown;
  headers: Headers;
}

/** A request that never got an answer (refused, reset, timed out). */
export class NoResponse extends Error {
  override readonly name = "NoResponse";
  constructor(readonly url: string, readonly timedOut: boolean, cause: string) {
    super(`${timedOut ? "no answer within the timeout" : `no answer (${cause})`} from ${url}`);
  }
}

/**
 * One HTTP request with a timeout. The URL in errors is the one given; callers never put a secret in a URL
 * (secrets travel in form bodies and headers only).
 */
export async function requestJson(url: string, init: RequestInit & { timeoutMs?: number } = {}): Promise<JsonResponse> {
  const { timeoutMs = 30_000, ...rest } = init;
  let response: Response;
  try {
    response = await fetch(url, { ...rest, signal: AbortSignal.timeout(timeoutMs), redirect: "manual" });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const timedOut = e.name === "TimeoutError" || e.name === "AbortError";
    throw new NoResponse(url.split("?")[0], timedOut, e.cause?.code ?? e.message);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text === "" ? undefined : (JSON.parse(text) as unknown);
  } catch {
    body = undefined;
  }
  return { status: response.status, body, headers: response.headers };
}

/** `error: error_description` (OAuth), `code: message` (ARM, Key Vault, Graph), or the status alone; first line only. */
export function errorText(r: JsonResponse): string {
  const b = r.body as { error?: unknown; error_description?: unknown; message?: unknown } | undefined;
  const nested = b && typeof b.error === "object" && b.error !== null ? (b.error as { code?: unknown; message?: unknown }) : undefined;
  const parts = nested
    ? [nested.code, nested.message]
    : [b?.error, b?.error_description ?? b?.message];
  const text = parts.filter((p): p is string => typeof p === "string").join(": ");
  const line = (text.split(/\r?\n/)[0] ?? "").slice(0, 300);
  return line === "" ? `HTTP ${r.status}` : `HTTP ${r.status} ${line}`;
}
