/**
 * The Pulumi wire format's secret envelope: the key and signature as the SDK defines them (@pulumi/pulumi
 * runtime/rpc.js `specialSigKey`, `specialSecretSig`; the engine's sig.Secret). Written here rather than imported, so
 * reading a plan's inputs does not load the SDK; test/simulator/invokes-secrets.test.ts checks they agree.
 */
export const specialSigKey = "4dabf18193072939515e22adb298388d";
export const specialSecretSig = "1b47061264138c4ac30d75fd1eb44270";

/**
 * A value the Pulumi runtime marked secret, as it reaches a mock or a monitor:
 * `{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "value": …}`.
 */
export interface SecretMarker {
  [specialSigKey]: typeof specialSecretSig;
  value: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** True when `value` is the runtime's secret envelope. */
export function isSecretMarker(value: unknown): value is SecretMarker {
  return isRecord(value) && value[specialSigKey] === specialSecretSig;
}

/** The value inside a secret envelope (repeatedly, should envelopes nest); anything else unchanged. */
export function unwrapSecret(value: unknown): unknown {
  let current = value;
  while (isSecretMarker(current)) current = current.value;
  return current;
}

/** `value` with every secret envelope at any depth removed: for inspecting inputs, never for echoing them. */
export function unwrapSecretsDeep(value: unknown): unknown {
  const plain = unwrapSecret(value);
  if (Array.isArray(plain)) return plain.map(unwrapSecretsDeep);
  if (isRecord(plain)) {
    return Object.fromEntries(Object.entries(plain).map(([key, inner]) => [key, unwrapSecretsDeep(inner)]));
  }
  return plain;
}

/** Wraps `value` in the runtime's secret envelope (idempotent), so a mock's output stays secret. */
export function asSecret(value: unknown): SecretMarker {
  if (isSecretMarker(value)) return value;
  return { [specialSigKey]: specialSecretSig, value };
}
