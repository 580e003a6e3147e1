import type { ConformanceCase } from "./case";
import { OWNERS, VAULT } from "../support/program";

const TOKENS = "terraform-provider-azuread@38d1993a:internal/services/applications/validate/tokens.go";
const APP_ROLE = "https://learn.microsoft.com/en-us/graph/api/resources/approle";
const api = (expose: unknown) => ({ expose });
const stack = (workloads: Record<string, unknown>) => ({ keyVault: VAULT, defaults: OWNERS, workloads });
const ORDERS = api({ appRoles: [{ value: "Orders.Read", displayName: "Read orders" }], scopes: [{ value: "Orders.Browse", adminConsentDisplayName: "Browse orders", adminConsentDescription: "Browse orders as the user" }] });
const mi = (apiPermissions: unknown[]) => ({ type: "managedIdentity", resourceGroupName: "rg-app", apiPermissions });

/** APIs between workloads and secret readers: rules in model/exposed-api.ts, checked in stacks/manifest/checks/expose.ts. */
export const apisCases: ConformanceCase[] = [
  {
    rule: "exposed-value-characters",
    catches: "an app role or scope value with a space or a leading period, or longer than 249 characters",
    source: `${TOKENS} ; ${APP_ROLE}`,
    realError: "Value must be alphanumeric with these allowed characters: !#$%&'()*+,-./:;<=>?@[]^+_`{|}~",
    manifest: stack({ "orders-api": api({ appRoles: [{ value: "Orders Read", displayName: "Read orders" }] }) }),
    expect: { exit: 2, path: "workloads.orders-api.expose.appRoles[0].value", message: /^"Orders Read" contains " "/ },
  },
  {
    rule: "exposed-value-unique",
    catches: "two app roles (or two scopes) of one application with the same value",
    source: APP_ROLE,
    realError: "Request_BadRequest: ... value must be unique",
    manifest: stack({ "orders-api": api({ appRoles: [{ value: "Orders.Read", displayName: "Read" }, { value: "Orders.Read", displayName: "Read again" }] }) }),
    expect: { exit: 2, path: "workloads.orders-api.expose.appRoles[1].value", message: /is already the value of appRoles\[0\]/ },
  },
  {
    rule: "managed-identity-exposes-no-api",
    catches: "expose on a managed identity, which has no app registration to publish app roles or scopes",
    source: "https://learn.microsoft.com/en-us/entra/identity/managed-identities-azure-resources/overview",
    realError: "(nothing to set: a managed identity's service principal has no application object)",
    manifest: stack({ "orders-api": { type: "managedIdentity", resourceGroupName: "rg-app", expose: { appRoles: [{ value: "Orders.Read", displayName: "Read" }] } } }),
    expect: { exit: 2, path: "workloads.orders-api.expose", message: /^a managed identity has no app registration/ },
  },
  {
    rule: "stack-api-permission-exists",
    catches: "a permission of a workload's API that it does not expose (a typo in a role value), with did you mean",
    source: "https://learn.microsoft.com/en-us/graph/api/serviceprincipal-post-approleassignedto",
    realError: "Request_BadRequest: Permission being assigned was not found on application",
    manifest: stack({ "stock-sync": mi([{ api: "orders-api", application: ["Orders.Raed"] }]), "orders-api": ORDERS }),
    expect: { exit: 2, path: "workloads.stock-sync.apiPermissions[0].application[0]", message: /orders-api exposes no app role "Orders.Raed" — did you mean "Orders.Read"\?/ },
  },
  {
    rule: "stack-api-permission-kind",
    catches: "a delegated scope of a workload's API requested as an application permission (or the reverse)",
    source: "https://learn.microsoft.com/en-us/graph/api/resources/permissionscope",
    realError: "Request_BadRequest: Permission being assigned was not found on application",
    manifest: stack({ "stock-sync": mi([{ api: "orders-api", application: ["Orders.Browse"] }]), "orders-api": ORDERS }),
    expect: { exit: 2, path: "workloads.stock-sync.apiPermissions[0].application[0]", message: /"Orders.Browse" is a delegated scope of orders-api/ },
  },
  {
    rule: "stack-api-exposes-something",
    catches: "apiPermissions naming a workload that exposes no API",
    source: APP_ROLE,
    realError: "Request_BadRequest: Permission being assigned was not found on application",
    manifest: stack({ "stock-sync": mi([{ api: "orders-api", application: ["Orders.Read"] }]), "orders-api": { credentials: [{ type: "secret" }] } }),
    expect: { exit: 2, path: "workloads.stock-sync.apiPermissions[0].api", message: /^workload orders-api exposes no API/ },
  },
  {
    rule: "secret-reader-exists",
    catches: "a secret reader naming no workload of the stack",
    source: "https://learn.microsoft.com/en-us/azure/role-based-access-control/role-assignments-template#principal",
    realError: "PrincipalNotFound",
    manifest: stack({ "shop-web": { credentials: [{ type: "secret" }], secretReaders: ["shop-hots"] }, "shop-host": mi([]) }),
    expect: { exit: 2, path: "workloads.shop-web.secretReaders[0]", message: /^no workload "shop-hots" in this stack — did you mean "shop-host"/ },
  },
  {
    rule: "sign-in-default-access-without-app-roles",
    catches: "a user or group assigned the default access on an application that declares app roles",
    source: "https://learn.microsoft.com/en-us/graph/api/resources/approleassignment",
    realError: "Request_BadRequest: Permission being assigned was not found on application",
    manifest: stack({ "shop-web": {
      web: { redirectUris: ["https://shop.contoso.com/signin-oidc"], appRoleAssignmentRequired: true, assignments: [{ objectId: "3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a9f", type: "Group" }] },
      expose: { appRoles: [{ value: "Shop.Admin", displayName: "Administer the shop", allowedMemberTypes: ["User"] }] },
    } }),
    expect: { exit: 2, path: "workloads.shop-web.web.assignments[0]", message: /default access, which Graph accepts only on an application that declares no app roles; name an app role .*Shop\.Admin/ },
  },
  {
    rule: "sign-in-logout-url",
    catches: "a logout URL that is not http(s) with a host, or longer than 255 characters",
    source: "terraform-provider-azuread@38d1993a:internal/helpers/tf/validation/uri.go",
    realError: "expected \"web.0.logout_url\" to have a host / URL must be 255 characters or less",
    manifest: stack({ "shop-web": { web: { redirectUris: ["https://shop.contoso.com/signin-oidc"], logoutUrl: "ftp://shop.contoso.com/out" } } }),
    expect: { exit: 2, path: "workloads.shop-web.web.logoutUrl", message: /must be http or https/ },
  },
  {
    rule: "flexible-federated-expression",
    catches: "a flexible federated credential whose claimsMatchingExpression is not claims['<claim>'] <operator> '<value>'",
    source: "https://learn.microsoft.com/en-us/entra/workload-id/workload-identities-flexible-federated-identity-credentials",
    realError: "Request_BadRequest: Invalid value specified for property 'claimsMatchingExpression'",
    manifest: stack({ deployer: { flexibleFederatedCredentials: [{ name: "github-branches", issuer: "https://token.actions.githubusercontent.com", claimsMatchingExpression: "sub matches repo:contoso/*" }] } }),
    expect: { exit: 2, path: "workloads.deployer.flexibleFederatedCredentials[0].claimsMatchingExpression", message: /is not claims\['<claim>'\] <operator> '<value>'/ },
  },
  {
    rule: "flexible-federated-application-only",
    catches: "a flexible federated credential on a managed identity",
    source: "https://learn.microsoft.com/en-us/entra/workload-id/workload-identities-set-up-flexible-federated-identity-credential",
    realError: "(not supported: flexible federated identity credentials are not yet available for managed identities)",
    manifest: { keyVault: VAULT, workloads: { runner: { type: "managedIdentity", resourceGroupName: "rg-ci", flexibleFederatedCredentials: [{ name: "github-branches", issuer: "https://token.actions.githubusercontent.com", claimsMatchingExpression: "claims['sub'] matches 'repo:contoso/platform:ref:refs/heads/*'" }] } } },
    expect: { exit: 2, path: "workloads.runner.flexibleFederatedCredentials", message: /not yet available for managed identities/ },
  },
];
