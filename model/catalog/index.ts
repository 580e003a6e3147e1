export * from "./apis";
export * from "./roles";
export * from "./result";
export { isGuid } from "./guid";
export { closest, didYouMean } from "./suggest";
export { permissionById } from "./by-id";
export * from "./regions";
export { operationMatches, permissionsGrant, type OperationPlane, type RolePermission } from "./operations";
