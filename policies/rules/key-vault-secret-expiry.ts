import * as keyvault from "@pulumi/azure-native/keyvault";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";
import { isCredentialSecretName } from "../../model/naming";

const CREDENTIAL_CONTENT_TYPE = /pkcs12|x-pem-file|certificate|client[- ]?secret/i;

/**
 * Every Key Vault secret carries an `expires` attribute — credentials and identifiers alike. Defender for Cloud's
 * recommendation "Key Vault secrets should have an expiration date" (Azure Policy of the same name;
 * https://learn.microsoft.com/azure/defender-for-cloud/recommendations-reference-keyvault) and the CIS Microsoft Azure
 * Foundations Benchmark's "Ensure that the Expiration Date is set for all Secrets in RBAC Key Vaults" flag any secret
 * without one, whatever it holds. The toolkit sets a credential's end date, or components/key-vault.ts
 * identifierExpiry for a client id or tenant id.
 */
export const keyVaultSecretExpiry: ResourceValidationPolicy = {
  name: "key-vault-secret-expiry",
  description: "Every Key Vault secret carries an expiry (Defender for Cloud and CIS flag secrets without one).",
  enforcementLevel: "mandatory",
  remediationSteps: "Set properties.attributes.expires (unix seconds): the credential's end date, or a rolling date for an identifier.",
  validateResource: validateResourceOfType(keyvault.Secret, (secret, _args, reportViolation) => {
    const expires = secret.properties?.attributes?.expires;
    if (typeof expires === "number" && Number.isFinite(expires)) return;
    const name = typeof secret.secretName === "string" ? secret.secretName : undefined;
    const contentType = secret.properties?.contentType;
    const holdsCredential = (name !== undefined && isCredentialSecretName(name)) ||
      (typeof contentType === "string" && CREDENTIAL_CONTENT_TYPE.test(contentType));
    reportViolation(
      `The Key Vault secret${name ? ` "${name}"` : ""} has no expires attribute` +
      (holdsCredential
        ? ", so nothing warns before the credential it holds stops working. Fix: set properties.attributes.expires to the credential's end date in unix seconds."
        : ": Defender for Cloud (\"Key Vault secrets should have an expiration date\") and the CIS Azure benchmark flag every secret without one. Fix: set properties.attributes.expires in unix seconds (identifiers: model/key-vault.ts identifierExpiry)."),
    );
  }),
};
