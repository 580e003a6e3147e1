import * as pulumi from "@pulumi/pulumi";

/** Client (application) id: what a workload authenticates as. */
export type ClientId = string & { readonly __brand: "ClientId" };
/** Object id of the application registration: what credentials attach to. */
export type ApplicationObjectId = string & { readonly __brand: "ApplicationObjectId" };
/** Object id of the service principal (or a managed identity's principal id): what RBAC and consent grant to. */
export type ServicePrincipalObjectId = string & { readonly __brand: "ServicePrincipalObjectId" };
export type TenantId = string & { readonly __brand: "TenantId" };

/** Brands an output whose meaning the caller knows from the provider's documentation. */
export function brand<B extends string>(value: pulumi.Output<string>): pulumi.Output<B> {
  return value as pulumi.Output<B>;
}
