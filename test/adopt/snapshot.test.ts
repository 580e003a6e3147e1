import { readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../preview/files";
import { main } from "../../preview/cli/commands/snapshot";
import { listAll, takeSnapshot, type AzRunner } from "../../preview/tenant/requests";
import { parseSnapshot, SNAPSHOT_KEYS, type TenantSnapshot } from "../../preview/tenant/snapshot";

const FIXTURE = path.join(__dirname, "..", "fixtures", "tenant", "snapshot.json");
const documented = (): TenantSnapshot => JSON.parse(readFileSync(FIXTURE, "utf8")) as TenantSnapshot;
const SUB = "a925f2f7-5c63-4b7b-8799-25a5f97bc3b2";

/** An `az` that answers each GET with the documented example responses the fixture is built from. */
function documentedAz(snapshot: TenantSnapshot, calls: string[][] = []): AzRunner {
  return (args) => {
    calls.push([...args]);
    expect(args.slice(0, 4)).toEqual(["rest", "--method", "get", "--url"]);
    const url = args[4];
    const page = (value: unknown[]) => JSON.stringify({ value });
    if (url === "https://graph.microsoft.com/v1.0/applications?$expand=owners") return page(snapshot.applications);
    const fic = /^https:\/\/graph\.microsoft\.com\/v1\.0\/applications\/([^/]+)\/federatedIdentityCredentials$/.exec(url);
    if (fic) return page(snapshot.federatedIdentityCredentials[fic[1]] ?? []);
    if (url === "https://graph.microsoft.com/v1.0/servicePrincipals") return page(snapshot.servicePrincipals);
    const ara = /servicePrincipals\/([^/]+)\/appRoleAssignments$/.exec(url);
    if (ara) return page(snapshot.appRoleAssignments.filter((a) => a.principalId === ara[1]));
    if (url === "https://graph.microsoft.com/v1.0/oauth2PermissionGrants") return page(snapshot.oauth2PermissionGrants);
    if (url === `https://management.azure.com/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01`) return page(snapshot.roleAssignments);
    if (url === `https://management.azure.com/subscriptions/${SUB}/providers/Microsoft.ManagedIdentity/userAssignedIdentities?api-version=2023-01-31`) {
      return page(snapshot.userAssignedIdentities.map(({ federatedIdentityCredentials: _f, ...identity }) => identity));
    }
    const mi = /^https:\/\/management\.azure\.com(.+)\/federatedIdentityCredentials\?api-version=2023-01-31$/.exec(url);
    if (mi) return page(snapshot.userAssignedIdentities.find((i) => i.id === mi[1])?.federatedIdentityCredentials ?? []);
    throw new Error(`unexpected request ${url}`);
  };
}

describe("tenant snapshot", () => {
  it("accepts the fixture built from Graph's and ARM's documented example responses", () => {
    const snapshot = parseSnapshot(documented(), "snapshot.json");
    expect(snapshot.applications[0].displayName).toBe("Display name");
    expect(snapshot.userAssignedIdentities[0].federatedIdentityCredentials[0].name).toBe("ficResourceName");
  });

  it.each(SNAPSHOT_KEYS)("names a missing %s key and the call that fills it", (key) => {
    const data = documented() as unknown as Record<string, unknown>;
    delete data[key];
    expect(() => parseSnapshot(data, "t.json")).toThrow(new RegExp(`^t\\.json: ${key} is missing; it holds (GET|a map)`));
  });

  it("names the path of a malformed key", () => {
    const data = documented() as unknown as { applications: Record<string, unknown>[] };
    delete data.applications[0].owners;
    expect(() => parseSnapshot(data, "t.json")).toThrow(/^t\.json: applications\[0\]\.owners: .*\$expand=owners/);
    const wrongType = { ...documented(), roleAssignments: {} };
    expect(() => parseSnapshot(wrongType, "t.json")).toThrow(/^t\.json: roleAssignments: /);
  });

  it("is an InputError for a list, not an object", () => {
    expect(() => parseSnapshot([], "t.json")).toThrow(InputError);
  });
});

describe("npm run snapshot", () => {
  it("builds the snapshot from az rest calls answering with the documented responses", () => {
    const calls: string[][] = [];
    const snapshot = takeSnapshot({ subscriptions: [SUB], run: documentedAz(documented(), calls), now: new Date("2026-11-23T00:00:00Z") });
    expect(snapshot).toEqual(documented());
    const urls = calls.map((c) => c[4]);
    // Only the tenant's own applications' service principals are asked for their app role assignments, not Microsoft Graph's.
    expect(urls.filter((u) => u.endsWith("/appRoleAssignments"))).toEqual(["https://graph.microsoft.com/v1.0/servicePrincipals/00af5dfb-85da-4b41-a677-0c6b86dd34f8/appRoleAssignments"]);
    expect(urls).toContain("https://management.azure.com/subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2/resourcegroups/rgName/providers/Microsoft.ManagedIdentity/userAssignedIdentities/identityName/federatedIdentityCredentials?api-version=2023-01-31");
  });

  it("follows @odata.nextLink (Graph) and nextLink (ARM)", () => {
    const pages: Record<string, unknown> = {
      a: { value: [{ id: "1" }], "@odata.nextLink": "b" },
      b: { value: [{ id: "2" }], nextLink: "c" },
      c: { value: [{ id: "3" }] },
    };
    expect(listAll("a", (args) => JSON.stringify(pages[args[4]])).map((o) => o.id)).toEqual(["1", "2", "3"]);
  });

  it("writes the file and exits 0; --print lists the az commands and runs none", () => {
    const out: string[] = [];
    const io = { stdout: (t: string) => void out.push(t), stderr: (t: string) => void out.push(t) };
    const file = path.join(os.tmpdir(), `snapshot-${process.pid}.json`);
    expect(main(["--subscription", SUB, "--out", file], { ...io, az: documentedAz(documented()), now: () => new Date("2026-11-23T00:00:00Z") })).toBe(0);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(documented());
    out.length = 0;
    expect(main(["--subscription", SUB, "--print"], { ...io, az: () => {
      throw new Error("must not run");
    } })).toBe(0);
    expect(out.join("")).toContain("az rest --method get --url 'https://graph.microsoft.com/v1.0/applications?$expand=owners'");
  });

  it("exits 2 without a subscription or with one that is not a GUID, 70 (an internal failure) when az fails", () => {
    const err: string[] = [];
    const io = { stdout: () => undefined, stderr: (t: string) => void err.push(t) };
    expect(main([], io)).toBe(2);
    expect(main(["--subscription", "prod"], io)).toBe(2);
    expect(err.join("")).toContain('"prod" is not a subscription id');
    expect(main(["--subscription", SUB, "--out", "/dev/null"], { ...io, az: () => {
      throw new Error("az rest: Insufficient privileges");
    } })).toBe(70);
  });
});
