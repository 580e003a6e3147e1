import type { ConformanceCase } from "./case";
import { OWNERS, VAULT } from "../support/program";

const APP = "03ef14b0-ca33-4840-8f4f-d6e91916010e";
const APP_ID = "631a96bc-a705-4eda-9f99-fdaf9f54f6a2";
const SP = "00af5dfb-85da-4b41-a677-0c6b86dd34f8";
const IDENTITY = "/subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2/resourcegroups/rgName/providers/Microsoft.ManagedIdentity/userAssignedIdentities/identityName";

/** Rules of adoption (`workloads.<name>.adopt`, written by `npm run adopt`): what the first `pulumi up` imports. */
export const adoptCases: ConformanceCase[] = [
  {
    rule: "adopt-application-with-its-service-principal",
    catches: "an adopted application whose service principal is not adopted too — the provider would try to create a second one for the same app id",
    source: "terraform-provider-azuread@38d1993a:internal/services/serviceprincipals/service_principal_resource.go",
    realError: 'ImportAsExists: A resource with the ID "/servicePrincipals/<id>" already exists. To be managed via Terraform, this resource needs to be imported into the State.',
    manifest: { keyVault: VAULT, defaults: OWNERS, workloads: { app: { adopt: { id: APP, appId: APP_ID } } } },
    expect: { exit: 2, path: "workloads.app.adopt.servicePrincipalId", message: /^is required: the object id of the application's service principal/ },
  },
  {
    rule: "adopt-identity-in-its-resource-group",
    catches: "an adopted managed identity declared in another resource group — Pulumi would replace it (a new client id and principal id) instead of adopting it",
    source: "https://www.pulumi.com/registry/packages/azure-native/api-docs/managedidentity/userassignedidentity/#import",
    realError: "(no error: the identity is replaced; every consumer of its client id breaks)",
    manifest: { keyVault: VAULT, defaults: OWNERS, workloads: { mi: { type: "managedIdentity", resourceGroupName: "rg-other", location: "eastus", adopt: { id: IDENTITY, clientId: APP_ID, principalId: SP } } } },
    expect: { exit: 2, path: "workloads.mi.resourceGroupName", message: /^is "rg-other" but the adopted identity is in resource group "rgName"/ },
  },
];
