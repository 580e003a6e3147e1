import * as keyvault from "@pulumi/azure-native/keyvault";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";
import { isCredentialSecretName } from "../../components/naming";

const CREDENTIAL_CONTENT_TYPE = /pkcs12|x-pem-file|certificate|client[- ]?secret/i;

/** Key Vault secrets that hold a workload's client secret or certificate carry an `expires` attribute. */
export const keyVaultSecretExpiry: ResourceValidationPolicy = {
  name: "key-vault-secret-expiry",
  description: "Key Vault secrets holding a credential carry an expiry.",
  enforcementLevel: "mandatory",
  remediationSteps: "Set properties.attributes.expires (unix seconds) to the credential's end date.",
  validateResource: validateResourceOfType(keyvault.Secret, (secret, _args, reportViolation) => {
    const name = typeof secret.secretName === "string" ? secret.secretName : undefined;
    const contentType = secret.properties?.contentType;
    const holdsCredential = (name !== undefined && isCredentialSecretName(name)) ||
      (typeof contentType === "string" && CREDENTIAL_CONTENT_TYPE.test(contentType));
    if (!holdsCredential) return;
    const expires = secret.properties?.attributes?.expires;
    if (typeof expires === "number" && Number.isFinite(expires)) return;
    reportViolation(
      `The Key Vault secret${name ? ` "${name}"` : ""} holds a credential but has no expires attribute, so nothing warns before the credential stops working. ` +
      "Fix: set properties.attributes.expires to the credential's end date in unix seconds.",
    );
  }),
};
