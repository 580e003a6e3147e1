// The three ids of a workload identity, as distinct types (STYLE §4): passing one where another is meant does not compile.

/** Client (application) id: what a workload authenticates as. */
export type ClientId = string & { readonly __brand: "ClientId" };
/** Object id of the application registration: what credentials attach to. */
export type ApplicationObjectId = string & { readonly __brand: "ApplicationObjectId" };
/** Object id of the service principal (or a managed identity's principal id): what RBAC and consent grant to. */
export type ServicePrincipalObjectId = string & { readonly __brand: "ServicePrincipalObjectId" };
export type TenantId = string & { readonly __brand: "TenantId" };
