import { createHash, createPrivateKey, randomUUID, sign, constants, X509Certificate } from "node:crypto";

/** The claims the checks read. Names as the access token claims reference gives them. */
export interface TokenClaims {
  aud?: string;
  iss?: string;
  tid?: string;
  /** v1 tokens: the client id the token was issued to. */
  appid?: string;
  /** v2 tokens: the same. */
  azp?: string;
  oid?: string;
  sub?: string;
  roles?: string[];
  scp?: string;
  exp?: number;
  [claim: string]: unknown;
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

/**
 * The payload of a JWT, decoded WITHOUT verifying its signature: verifying the signature is the job of the API that
 * receives the token (https://learn.microsoft.com/entra/identity-platform/access-tokens#validate-tokens: "only the
 * resource the token is for should validate it"). We only read what Entra ID chose to put in it, over TLS, from
 * Entra ID itself. Throws a message that never includes the token.
 */
export function decodeClaims(token: string): TokenClaims {
  const parts = token.split(".");
  if (parts.length !== 3 || !parts[1]) throw new Error("the token is not a JWT (expected three dot-separated parts)");
  try {
    const claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as unknown;
    if (claims === null || typeof claims !== "object" || Array.isArray(claims)) throw new Error("not an object");
    return claims as TokenClaims;
  } catch {
    throw new Error("the token's payload is not base64url JSON");
  }
}

/** The client id a token was issued to: `appid` (v1) or `azp` (v2) — https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference. */
export function clientIdOf(claims: TokenClaims): string | undefined {
  return claims.appid ?? claims.azp;
}

/** Splits the PEM Key Vault holds for a certificate credential (the private key, then the certificate). */
export function splitPem(pem: string): { privateKeyPem: string; certificatePem: string } {
  const key = /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC )?PRIVATE KEY-----/.exec(pem);
  const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem);
  if (!key || !cert) throw new Error("the Key Vault secret is not a PEM holding a private key and a certificate");
  return { privateKeyPem: key[0], certificatePem: cert[0] };
}

/**
 * A client assertion signed with the workload's certificate, in the format of
 * https://learn.microsoft.com/entra/identity-platform/certificate-credentials: header `alg: PS256`, `typ: JWT`,
 * `x5t#S256` (base64url SHA-256 thumbprint of the certificate's DER); claims `aud` (the token endpoint),
 * `iss` = `sub` = the client id, `jti`, `nbf`, `iat`, and `exp` shortly after ("5-10 minutes after nbf at most").
 */
export function certificateAssertion(pem: string, clientId: string, tokenEndpoint: string, nowMs: number): string {
  const { privateKeyPem, certificatePem } = splitPem(pem);
  const der = new X509Certificate(certificatePem).raw;
  const header = { alg: "PS256", typ: "JWT", "x5t#S256": base64url(createHash("sha256").update(der).digest()) };
  const now = Math.floor(nowMs / 1000);
  const payload = { aud: tokenEndpoint, iss: clientId, sub: clientId, jti: randomUUID(), nbf: now, iat: now, exp: now + 300 };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = sign("sha256", Buffer.from(signingInput), {
    key: createPrivateKey(privateKeyPem),
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: 32,
  });
  return `${signingInput}.${base64url(signature)}`;
}
