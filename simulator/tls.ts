import type { ResourceHandler } from "./context";
import { bytesFor, hexFor } from "./ids";
import { num, str } from "./inputs";
import { asSecret } from "./secrets";

/** A PEM block whose body is deterministic bytes that start with a visible "SIMULATED" marker. */
function fakePem(label: string, key: string, bytes: number): string {
  const body = Buffer.concat([Buffer.from(`SIMULATED ${label} — not a real key or certificate. `), bytesFor(key, bytes)])
    .toString("base64");
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

const colonHex = (hex: string): string => (hex.match(/.{2}/g) ?? []).join(":");

/** `tls:index/privateKey:PrivateKey`: fake PEM/OpenSSH keys; the private parts stay secret. */
export const privateKey: ResourceHandler = (raw, inputs, ctx) => {
  const algorithm = str(inputs, "algorithm") ?? "RSA";
  return {
    id: hexFor(`${ctx.urn}#id`, 40),
    state: {
      ...raw,
      algorithm,
      rsaBits: num(inputs, "rsaBits") ?? 2048,
      ecdsaCurve: str(inputs, "ecdsaCurve") ?? "P224",
      privateKeyPem: asSecret(fakePem(algorithm === "RSA" ? "RSA PRIVATE KEY" : "PRIVATE KEY", `${ctx.urn}#private`, 256)),
      privateKeyPemPkcs8: asSecret(fakePem("PRIVATE KEY", `${ctx.urn}#private`, 256)),
      privateKeyOpenssh: asSecret(fakePem("OPENSSH PRIVATE KEY", `${ctx.urn}#private`, 256)),
      publicKeyPem: fakePem("PUBLIC KEY", `${ctx.urn}#public`, 64),
      publicKeyOpenssh: `ssh-rsa ${bytesFor(`${ctx.urn}#public`, 64).toString("base64")} simulated\n`,
      publicKeyFingerprintMd5: colonHex(hexFor(`${ctx.urn}#md5`, 32)),
      publicKeyFingerprintSha256: `SHA256:${bytesFor(`${ctx.urn}#sha256`, 32).toString("base64").replace(/=+$/, "")}`,
    },
  };
};

/** `tls:index/selfSignedCert:SelfSignedCert`: a fake certificate valid from now for validityPeriodHours. */
export const selfSignedCert: ResourceHandler = (raw, inputs, ctx) => {
  const hours = num(inputs, "validityPeriodHours") ?? 0;
  const start = ctx.now;
  const end = new Date(start.getTime() + hours * 3_600_000);
  return {
    id: BigInt(`0x${hexFor(`${ctx.urn}#serial`, 32)}`).toString(),
    state: {
      ...raw,
      certPem: fakePem("CERTIFICATE", `${ctx.urn}#cert`, 512),
      keyAlgorithm: "RSA",
      validityStartTime: start.toISOString(),
      validityEndTime: end.toISOString(),
      readyForRenewal: false,
      earlyRenewalHours: num(inputs, "earlyRenewalHours") ?? 0,
      isCaCertificate: inputs.isCaCertificate === true,
      setAuthorityKeyId: inputs.setAuthorityKeyId === true,
      setSubjectKeyId: inputs.setSubjectKeyId === true,
      maxPathLength: num(inputs, "maxPathLength") ?? 0,
    },
  };
};
