/**
 * Issue 12, fifth pass: new instances of "--now 9999-12-31 writes year +10000 dates" and "two workloads can yield the
 * same logical name".
 * - A clock whose year is in range as written but not in UTC, the clock every date of a plan is in:
 *   9997-12-31T23:00:00-05:00 is 9998-01-01T04:00Z, 1970-01-01T00:00:00+01:00 is 1969. Every command taking --now.
 * - Workload names that start with another workload's name and a component word each component uses (cert, assign,
 *   readers, consent, kv), and a shared resource's prefix: refused before anything could collide.
 */
import { describe, expect, it } from "vitest";
import { parseManifest } from "../../../stacks/manifest";
import { parseClock } from "../../../stacks/manifest/clock";
import { runCommand } from "../../support/cli";

describe("a clock out of range in UTC (issue 12, fifth pass)", () => {
  it.each([
    ["9997-12-31T23:00:00-05:00", "9998-01-01T04:00:00.000Z"],
    ["9997-12-31T12:00:00-12:00", "9998-01-01T00:00:00.000Z"],
    ["1970-01-01T00:00:00+01:00", "1969-12-31T23:00:00.000Z"],
    ["1970-01-01T05:00:00+05:30", "1969-12-31T23:30:00.000Z"],
  ])("%s is refused (it is %s)", (text, utc) => {
    expect(parseClock(text).problem).toBe(`${JSON.stringify(text)} is ${utc} in UTC, out of range: the year must be from 1970 to 9997 in UTC, so that end dates up to two years ahead keep four digits`);
  });

  it.each(["9997-12-31T23:59:59Z", "9997-12-31T23:00:00+05:00", "1970-01-01T00:00:00Z", "1970-01-01T00:00:00-01:00"])("%s is still a clock", (text) => {
    expect(parseClock(text).now).toBeInstanceOf(Date);
  });

  it.each([
    ["plan", ["--now", "9997-12-31T23:00:00-05:00"]],
    ["expiry", ["--plan", "no-such-plan.json", "--now", "9997-12-31T23:00:00-05:00"]],
  ])("%s --now refuses it with exit 2 before reading anything", async (command, argv) => {
    const result = await runCommand(command, argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("is 9998-01-01T04:00:00.000Z in UTC, out of range");
    expect(result.stderr).not.toContain("no-such-plan");
  });
});

const KEY_VAULT = { name: "kv-names-test", resourceGroupName: "rg-names", create: false };
const SECRET = { credentials: [{ type: "secret" }] };

describe("workload names that would collide with another's logical names (issue 12, fifth pass)", () => {
  it.each([
    ["orders", "orders-cert-blue"],
    ["orders", "orders-assign-reader"],
    ["orders", "orders-readers"],
    ["orders", "orders-consent-graph"],
    ["orders", "orders-kv-client-id"],
    ["orders", "orders-secret-green"],
  ])("%s beside %s is exit 2 naming the second", (first, second) => {
    const parsed = parseManifest({ keyVault: KEY_VAULT, workloads: { [first]: SECRET, [second]: SECRET } }, { location: "westeurope", stack: "dev" });
    expect(parsed.manifest).toBeUndefined();
    expect(parsed.errors).toContainEqual({ path: `workloads.${second}`, message: expect.stringContaining(`Pulumi logical names of workload "${first}"`) as string });
  });

  it("a workload named like the shared Key Vault's resources is refused", () => {
    const parsed = parseManifest({ keyVault: KEY_VAULT, workloads: { "key-vault-ops": SECRET } }, { location: "westeurope", stack: "dev" });
    expect(parsed.errors.map((e) => e.path)).toContain("workloads.key-vault-ops");
  });
});
