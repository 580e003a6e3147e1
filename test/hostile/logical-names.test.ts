import { describe, expect, it } from "vitest";
import { parseManifest } from "../../stacks/manifest";

const VAULT = { name: "kv-app", resourceGroupName: "rg-app", create: true };
const cert = { credentials: [{ type: "certificate" }] };
const manifest = (workloads: Record<string, unknown>) => parseManifest({ keyVault: VAULT, workloads }, { location: "westeurope" });

describe("Pulumi logical names cannot collide between workloads (issue 12)", () => {
  it.each([
    ["x", "x-fic-a", "fic"],
    ["x", "x-ffic-b", "ffic"],
    ["orders", "orders-ra-extra", "ra"],
    ["orders", "orders-readers-x", "readers"],
    ["orders", "orders-kv-client", "kv"],
    ["orders", "orders-secret-current", "secret"],
    ["orders-api", "orders-api-cert-next", "cert"],
    ["a", "a-consent-microsoft-graph", "consent"],
  ])("refuses %s beside %s", (owner, other, word) => {
    const result = manifest({ [owner]: cert, [other]: cert });
    expect(result.errors).toContainEqual({ path: `workloads.${other}`, message: expect.stringContaining(`start with "${owner}-${word}-"`) as string });
  });

  it("refuses the example of the issue (x with credential a-fic-b, x-fic-a with credential b)", () => {
    const federated = (name: string) => ({ credentials: [{ type: "federated", name, issuer: "https://token.actions.githubusercontent.com", subject: "repo:contoso/app:ref:refs/heads/main" }] });
    const result = manifest({ x: federated("a-fic-b"), "x-fic-a": federated("b") });
    expect(result.errors.map((e) => e.path)).toContain("workloads.x-fic-a");
  });

  it.each(["resource-sp-graph", "key-vault-reader"])("refuses %s, a shared resource's prefix", (name) => {
    expect(manifest({ [name]: cert }).errors).toContainEqual({ path: `workloads.${name}`, message: expect.stringContaining("shared resources") as string });
  });

  it.each([["orders", "orders-api"], ["orders-api", "orders-api-app"], ["orders", "orders-sp"], ["x", "x-identity"], ["x", "x-fics-a"], ["app", "application"], ["orders", "orders-reader"], ["x", "y-fic-a"]])("accepts %s beside %s", (a, b) => {
    expect(manifest({ [a]: cert, [b]: cert }).errors).toEqual([]);
  });
});
