import { describe, expect, it } from "vitest";
import type { WorkloadSummary } from "../../model/summary";
import { main } from "../../preview/cli/commands/expiry";
import { watchedCredentials, watchExpiry } from "../../preview/expiry";
import { baselineWorkloads, daysAfter, federated, NOW, plan, secretPair, tempDir, workload, writeJson } from "./fixtures";
import { runChild, runInProcess } from "./run";

/** What `pulumi stack output --json` prints for the baseline workloads. */
function outputsOf(now = NOW): { workloads: Record<string, WorkloadSummary> } {
  const workloads: Record<string, WorkloadSummary> = {};
  baselineWorkloads(now).forEach((w, i) => {
    workloads[w.name] = {
      name: w.name,
      kind: w.kind,
      clientId: `00000000-0000-4000-8000-00000000000${i}`,
      servicePrincipalObjectId: `00000000-0000-4000-9000-00000000000${i}`,
      tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
      credentials: w.credentials,
      apiPermissions: w.apiPermissions,
      roleAssignments: w.roleAssignments,
      tokenAudiences: [],
      keyVaultSecrets: w.keyVaultSecrets,
    };
  });
  return { workloads };
}

const planFile = (now = NOW) => writeJson(tempDir(), "plan.json", plan(baselineWorkloads(now), { generatedAt: now }));

describe("expiry watch: rotating pairs count by their newest member", () => {
  // law-reader rotates every 60 days with a 90-day lifetime: at NOW the previous (green) secret
  // ends in 10 days, the newest (blue) in 70.
  const [blue, green] = secretPair("law-reader", { lifetimeDays: 90, rotateAfterDays: 60 });

  it("keeps the newest member and drops the lapsing one", () => {
    expect(green?.endDate).toBe(daysAfter(NOW, 10));
    expect(blue?.newest).toBe(true);
    expect(watchedCredentials([blue, green]).map((c) => c.name)).toEqual(["law-reader-secret-blue"]);
  });

  it("does not fire on a healthy stack where only the previous secret is about to lapse", () => {
    const r = runInProcess(main, ["--plan", planFile(), "--now", NOW]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("No credential in stack gitops ends within 30 days of 2026-11-23.\n");
  });

  it("falls back to the member ending last when none is marked newest", () => {
    const unmarked = [blue, green].map(({ newest: _newest, ...c }) => c);
    expect(watchedCredentials(unmarked).map((c) => c.name)).toEqual(["law-reader-secret-blue"]);
  });

  it("watches every credential outside a pair, and never federated ones", () => {
    const single = { type: "certificate" as const, name: "legacy-cert", endDate: daysAfter(NOW, 5) };
    const w = workload("legacy", { credentials: [single, federated("legacy", "repo:contoso/x:ref:refs/heads/main")] });
    expect(watchExpiry({ workloads: [w] }, new Date(NOW), 30).workloads).toEqual([
      { workload: "legacy", credentials: [{ credential: single, endDate: single.endDate, daysLeft: 5, expired: false }] },
    ]);
  });
});

describe("expiry watch on a plan at chosen dates (deploys stopped at NOW)", () => {
  it.each([
    ["the plan date", NOW, 30, 0, []],
    ["50 days later, within 30 days", daysAfter(NOW, 50), 30, 4, ["law-reader: law-reader-secret-blue in 20 days"]],
    ["50 days later, within 10 days", daysAfter(NOW, 50), 10, 0, []],
    [
      "100 days later",
      daysAfter(NOW, 100),
      30,
      4,
      ["graph-daemon: graph-daemon-certificate-blue in 0 days", "law-reader: law-reader-secret-blue in -30 days"],
    ],
  ] as const)("at %s (%s, within %i days)", (_when, now, within, code, expected) => {
    const input = { stack: "gitops", workloads: baselineWorkloads().map((w) => ({ name: w.name, credentials: w.credentials })) };
    const report = watchExpiry(input, new Date(now), within);
    const listed = report.workloads.flatMap((w) => w.credentials.map((c) => `${w.workload}: ${c.credential.name} in ${c.daysLeft} days`));
    expect(listed.sort()).toEqual([...expected].sort());
    expect(runInProcess(main, ["--plan", planFile(), "--now", now, "--within-days", String(within)]).code).toBe(code);
  });

  it("lists per workload, soonest first, expired ones marked", () => {
    const r = runInProcess(main, ["--plan", planFile(), "--now", daysAfter(NOW, 100)]);
    expect(r.code).toBe(4);
    expect(r.stdout.indexOf("### law-reader")).toBeLessThan(r.stdout.indexOf("### graph-daemon"));
    expect(r.stdout).toContain("| law-reader-secret-blue | secret | 2027-02-01T00:00:00.000Z | ended 30 days ago | law-reader-client-secret |");
  });
});

describe("expiry watch on stack outputs", () => {
  it("reads what `pulumi stack output --json` prints and applies the same rules", () => {
    const path = writeJson(tempDir(), "outputs.json", { ...outputsOf(), someOtherOutput: "x" });
    expect(runInProcess(main, ["--outputs", path, "--now", NOW]).code).toBe(0);
    const late = runInProcess(main, ["--outputs", path, "--now", daysAfter(NOW, 50)]);
    expect(late.code).toBe(4);
    expect(late.stdout).toContain("**1 credential ends within 30 days of 2027-01-12.**");
    expect(late.stdout).toContain("### law-reader");
  });

  it("stays quiet when rotation keeps running (outputs refreshed by the daily up)", () => {
    for (let day = 0; day <= 365; day += 7) {
      const now = daysAfter(NOW, day);
      const path = writeJson(tempDir(), "outputs.json", outputsOf(now));
      expect(runInProcess(main, ["--outputs", path, "--now", now]).code, `day ${day}`).toBe(0);
    }
  });

  it("runs as a child process and exits 4 when something ends in the window", () => {
    const path = writeJson(tempDir(), "outputs.json", outputsOf());
    const r = runChild("expiry", ["--outputs", path, "--now", daysAfter(NOW, 60), "--within-days", "30"]);
    expect(r.code).toBe(4);
    expect(r.stdout).toContain("law-reader-secret-blue");
  });
});

describe("expiry watch: bad input exits 2 with a one-line cause", () => {
  it.each([
    ["neither --plan nor --outputs", () => ["--now", NOW], /give --plan or --outputs/],
    ["both", () => ["--plan", planFile(), "--outputs", planFile()], /option '--plan <file>' cannot be used with option '--outputs <file>'/],
    ["a missing file", () => ["--plan", "/nonexistent/plan.json"], /\/nonexistent\/plan\.json: no such file/],
    ["outputs that are a plan", () => ["--outputs", planFile()], /not the output of `pulumi stack output --json`/],
    ["a plan that is outputs", () => ["--plan", writeJson(tempDir(), "o.json", outputsOf())], /not a plan\.json/],
    ["masked outputs", () => ["--outputs", writeJson(tempDir(), "o.json", { workloads: "[secret]" })], /masked as \[secret\]/],
    ["a bad --within-days", () => ["--plan", planFile(), "--within-days", "ten"], /option '--within-days <n>' argument 'ten' is invalid. expected a whole number of days/],
    ["a bad --now", () => ["--plan", planFile(), "--now", "tomorrow"], /option '--now <iso-8601>' argument 'tomorrow' is invalid. expected an ISO-8601 date/],
  ] as const)("%s", (_what, args, cause) => {
    const r = runInProcess(main, args());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(cause);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  });
});
