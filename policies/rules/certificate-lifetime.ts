import { X509Certificate } from "node:crypto";
import * as azuread from "@pulumi/azuread";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";
import { credentialWindow, daysBetween, DAY_MS, ruleConfig } from "../support";

export interface CertificateLifetimeConfig {
  /** Longest allowed life of one application certificate, in days. @default 365 */
  maxCertificateLifetimeDays: number;
}

const DEFAULTS: CertificateLifetimeConfig = { maxCertificateLifetimeDays: 365 };

/** The validity of the certificate itself, which Entra uses when `endDate` is not given. */
function certificateValidity(value: unknown, encoding: unknown): { from: Date; to: Date } | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  try {
    const raw = encoding === "base64" ? Buffer.from(value, "base64") : encoding === "hex" ? Buffer.from(value, "hex") : value;
    const cert = new X509Certificate(raw);
    return { from: new Date(cert.validFrom), to: new Date(cert.validTo) };
  } catch {
    return undefined; // not a certificate we can read offline (or a placeholder under mocks)
  }
}

/** Application certificates are valid for at most `maxCertificateLifetimeDays`. */
export const certificateLifetime: ResourceValidationPolicy = {
  name: "certificate-lifetime",
  description: "Application certificates expire within the allowed lifetime.",
  enforcementLevel: "mandatory",
  remediationSteps: "Issue the certificate (or set the credential's endDate) for at most maxCertificateLifetimeDays.",
  configSchema: {
    properties: {
      maxCertificateLifetimeDays: { type: "integer", minimum: 1, default: DEFAULTS.maxCertificateLifetimeDays, description: "Longest allowed life of one application certificate, in days." },
    },
  },
  validateResource: validateResourceOfType(azuread.ApplicationCertificate, (cert, args, reportViolation) => {
    const { maxCertificateLifetimeDays: max } = ruleConfig(args, DEFAULTS);
    const { start, end } = credentialWindow(cert, args, certificateValidity(cert.value, cert.encoding));
    if (!end) return; // the end follows the certificate, which is not known offline
    if (end.getTime() - start.getTime() > max * DAY_MS) {
      reportViolation(
        `The certificate credential lives ${daysBetween(start, end)} days (${start.toISOString()} to ${end.toISOString()}), longer than maxCertificateLifetimeDays ${max}. ` +
        `Fix: lower the credential's lifetimeDays (and the certificate's validity) to ${max} days or less.`,
      );
    }
  }),
};
