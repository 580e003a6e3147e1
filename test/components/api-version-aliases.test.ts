import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { isApiVersionAlias, withoutApiVersionAliases } from "../../components/api-version-aliases";
import { StackPrincipals } from "../../components/exposed-api";
import { FederatedCredentials } from "../../components/federated-credentials";
import { WorkloadVault } from "../../components/key-vault";
import { ManagedIdentity } from "../../components/managed-identity";
import { RoleAssignments } from "../../components/role-assignments";
import { SecretReaders } from "../../components/secret-readers";
import { expectFound, role } from "../../model/catalog";
import type { ClientId, ServicePrincipalObjectId } from "../../model/ids";
import { previousLogicalNames } from "../../model/role-assignment-names";
import { simulateComponents } from "./harness";

const SCOPE = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-app";
const PRINCIPAL = "11111111-1111-1111-1111-111111111111";

interface AliasSpec { name: string; type: string }
interface AliasProto { hasSpec(): boolean; getUrn(): string; getSpec(): { getName(): string; getType(): string } }
interface RegisterRequest { getName(): string; getType(): string; getAliasesList(): AliasProto[] }

describe("isApiVersionAlias", () => {
  const secret = "azure-native:keyvault:Secret";
  it.each([
    ["a dated API version", { type: "azure-native:keyvault/v20230201:Secret" }],
    ["a preview API version", { type: "azure-native:keyvault/v20260301preview:Secret" }],
  ])("is true for %s of the same resource", (_, alias) => {
    expect(isApiVersionAlias(alias, secret)).toBe(true);
  });
  it.each([
    ["a rename", { name: "old-name" }],
    ["a type alias that also names the resource", { type: "azure-native:keyvault/v20230201:Secret", name: "old" }],
    ["a type alias that also sets the parent", { type: "azure-native:keyvault/v20230201:Secret", parent: undefined }],
    ["another resource's API version", { type: "azure-native:keyvault/v20230201:Vault" }],
    ["another module's API version", { type: "azure-native:authorization/v20220401:Secret" }],
    ["the default type itself", { type: "azure-native:keyvault:Secret" }],
    ["a type from another package", { type: "azure:keyvault/secret:Secret" }],
    ["a version that is not a date", { type: "azure-native:keyvault/vlatest:Secret" }],
    ["a URN", "urn:pulumi:dev::entra-workloads::azure-native:keyvault/v20230201:Secret::x"],
  ])("is false for %s", (_, alias) => {
    expect(isApiVersionAlias(alias as pulumi.Input<string | pulumi.Alias>, secret)).toBe(false);
  });
});

describe("withoutApiVersionAliases", () => {
  const args = (aliases?: pulumi.Input<string | pulumi.Alias>[]): pulumi.ResourceTransformationArgs =>
    ({ resource: undefined as never, type: "azure-native:authorization:RoleAssignment", name: "x", props: { a: 1 }, opts: { aliases, protect: true } });

  it("keeps every other alias and option, and the props", () => {
    const result = withoutApiVersionAliases(args([{ name: "old" }, { type: "azure-native:authorization/v20220401:RoleAssignment" }, "urn:pulumi:a::b::c::d"]));
    expect(result).toEqual({ props: { a: 1 }, opts: { aliases: [{ name: "old" }, "urn:pulumi:a::b::c::d"], protect: true } });
  });

  it("changes nothing when there is nothing to leave out", () => {
    expect(withoutApiVersionAliases(args(undefined))).toBeUndefined();
    expect(withoutApiVersionAliases(args([{ name: "old" }]))).toBeUndefined();
  });
});

describe("the components' azure-native resources", () => {
  it("reach the engine without azure-native's API-version aliases, with their own renames", async () => {
    const t = await simulateComponents();
    const sent = new Map<string, { type: string; aliases: (AliasSpec | string)[] }>();
    const monitor = t.monitor as unknown as { registerResource(req: RegisterRequest, callback: unknown): Promise<void> };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
      sent.set(req.getName(), {
        type: req.getType(),
        aliases: req.getAliasesList().map((a) => (a.hasSpec() ? { name: a.getSpec().getName(), type: a.getSpec().getType() } : a.getUrn())),
      });
      return register(req, callback);
    };

    const vault = new WorkloadVault("key-vault", { name: "kv-aliases", resourceGroupName: "rg-app", location: "westeurope", create: true, tenantId: "t" });
    const parent = new pulumi.ComponentResource("test:index:Owner", "owner");
    const secret = vault.secret("owner-kv-client-id", { secretName: "owner-client-id", value: "id", sensitive: false }, parent);
    // Log Analytics Reader by name: the catalog once did not know it, so the assignment keeps an alias to its by-GUID name.
    const grant = { role: expectFound(role("Log Analytics Reader")), scope: SCOPE };
    new RoleAssignments("owner-ra", { principalId: pulumi.output(PRINCIPAL as ServicePrincipalObjectId), roles: [grant], stack: "test", workload: { name: "owner", kind: "application" } });
    const identity = new ManagedIdentity("mi", { identityName: "mi-test", resourceGroupName: "rg-app", location: "westeurope" });
    new FederatedCredentials("mi-fic", {
      target: { kind: "managedIdentity", identityName: identity.identityName, resourceGroupName: "rg-app" },
      credentials: [{ type: "federated", name: "aks", issuer: "https://oidc.example.com/", subject: "system:serviceaccount:ns:sa", audiences: ["api://AzureADTokenExchange"], formerNames: ["fic-0"] }],
    });
    const principals = new StackPrincipals();
    principals.register("reader", { clientId: pulumi.output("c" as ClientId), principalObjectId: pulumi.output(PRINCIPAL as ServicePrincipalObjectId) });
    new SecretReaders("owner-readers", { workload: "owner", stack: "test", readers: [{ kind: "workload", workload: "reader" }], secrets: [{ name: "owner-client-id", resource: secret }], stackPrincipals: principals });
    await t.settled();

    const native = [...sent].filter(([, r]) => r.type.startsWith("azure-native:"));
    expect(native.map(([, r]) => r.type).sort()).toEqual([
      "azure-native:authorization:RoleAssignment", "azure-native:authorization:RoleAssignment", "azure-native:keyvault:Secret",
      "azure-native:keyvault:Vault", "azure-native:managedidentity:FederatedIdentityCredential", "azure-native:managedidentity:UserAssignedIdentity",
    ]);
    const versioned = native.flatMap(([name, r]) => r.aliases.filter((a) => typeof a !== "string" && /\/v\d{8}/.test(a.type)).map((a) => `${name}: ${JSON.stringify(a)}`));
    expect(versioned).toEqual([]);
    const [oldName] = previousLogicalNames("owner-ra", grant);
    const assignment = native.find(([name, r]) => r.type === "azure-native:authorization:RoleAssignment" && name.startsWith("owner-ra-"));
    expect(assignment?.[1].aliases).toEqual([{ name: oldName, type: "" }]);
    expect(sent.get("mi-fic-aks")?.aliases).toEqual([{ name: "mi-fic-fic-0", type: "" }]);
  });
});
