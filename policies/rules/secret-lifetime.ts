import * as azuread from "@pulumi/azuread";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";
import { credentialWindow, daysBetween, DAY_MS, ruleConfig } from "../support";

export interface SecretLifetimeConfig {
  /** Longest allowed life of one client secret, in days. @default 180 */
  maxSecretLifetimeDays: number;
}

const DEFAULTS: SecretLifetimeConfig = { maxSecretLifetimeDays: 180 };

/** Client secrets always have an end date within `maxSecretLifetimeDays` of their start (or of now). */
export const secretLifetime: ResourceValidationPolicy = {
  name: "secret-lifetime",
  description: "Client secrets expire within the allowed lifetime.",
  enforcementLevel: "mandatory",
  remediationSteps: "Give the password an endDate within maxSecretLifetimeDays, or move to a certificate or federated credential.",
  configSchema: {
    properties: {
      maxSecretLifetimeDays: { type: "integer", minimum: 1, default: DEFAULTS.maxSecretLifetimeDays, description: "Longest allowed life of one client secret, in days." },
    },
  },
  validateResource: validateResourceOfType(azuread.ApplicationPassword, (pw, args, reportViolation) => {
    const { maxSecretLifetimeDays: max } = ruleConfig(args, DEFAULTS);
    const { start, end } = credentialWindow(pw, args);
    if (!end) {
      const found = pw.endDate === undefined ? "has no end date (Entra then makes it valid for 2 years)" : `has an end date that is not a date ("${String(pw.endDate)}")`;
      reportViolation(`The client secret ${found}. Fix: set endDate to at most ${max} days ahead (the credential's lifetimeDays), or use a certificate or federated credential.`);
      return;
    }
    const days = daysBetween(start, end);
    if (end.getTime() - start.getTime() > max * DAY_MS) {
      reportViolation(
        `The client secret lives ${days} days (until ${end.toISOString()}), longer than maxSecretLifetimeDays ${max}. ` +
        `Fix: lower the credential's lifetimeDays to ${max} or less, or prefer a certificate or federated credential.`,
      );
    }
  }),
};
