import { isSecretMarker } from "../../simulator/secrets";

export const MASK = "[secret]";

/**
 * Inputs the providers themselves mark secret when they flow on as another resource's input. The engine marks
 * them; under mocks nothing does, so they are masked by name too.
 */
const PROVIDER_SECRET_INPUTS: Record<string, readonly string[]> = {
  "tls:index/selfSignedCert:SelfSignedCert": ["privateKeyPem"],
  "tls:index/certRequest:CertRequest": ["privateKeyPem"],
};

/** Replaces every secret (Pulumi's secret marker, or a provider-secret input) with "[secret]", and sorts keys. */
export function maskInputs(type: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const masked = maskDeep(inputs) as Record<string, unknown>;
  for (const dotted of PROVIDER_SECRET_INPUTS[type] ?? []) {
    const keys = dotted.split(".");
    let node: unknown = masked;
    for (const key of keys.slice(0, -1)) node = (node as Record<string, unknown> | undefined)?.[key];
    const last = keys[keys.length - 1];
    if (node && typeof node === "object" && last in node) (node as Record<string, unknown>)[last] = MASK;
  }
  return masked;
}

function maskDeep(value: unknown): unknown {
  if (isSecretMarker(value)) return MASK;
  if (Array.isArray(value)) return value.map(maskDeep);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = maskDeep((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}
