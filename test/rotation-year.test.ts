import { describe, expect, it } from "vitest";
import type { CapturedResource } from "../preview/runtime/capture-monitor";
import type { ProgramRun } from "../preview/runtime/run-program";
import { epochAt } from "../model/rotation";
import type { CredentialSummary, WorkloadSummary } from "../model/summary";
import { named, runManifest, VAULT, type Manifest } from "./support/program";

// The real program (index.ts) deployed again and again under mocks: each run reads the previous run's outputs back
// through its StackReference to itself (the simulator answers it from `tenant.previousOutputs`), as `pulumi up` does.

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);
const at = (day: number) => new Date(START + day * DAY + 6 * 3_600_000);

interface Settings { secret: [number, number]; certificate: [number, number] }
const manifest = (s: Settings): Manifest => ({
  keyVault: VAULT,
  workloads: {
    app: {
      credentials: [
        { type: "secret", lifetimeDays: s.secret[0], rotateAfterDays: s.secret[1] },
        { type: "certificate", lifetimeDays: s.certificate[0], rotateAfterDays: s.certificate[1] },
      ],
    },
  },
});

/** What each slot's resources are declared with: the same inputs mean `pulumi up` sees no change and replaces nothing. */
function slotInputs(run: ProgramRun, type: "secret" | "certificate", slot: string): unknown {
  const pick = (r: CapturedResource, keys: string[]) => Object.fromEntries(keys.map((k) => [k, r.inputs[k]]));
  if (type === "secret") return pick(named(run, `app-secret-${slot}`), ["applicationId", "displayName", "endDate", "rotateWhenChanged"]);
  return {
    key: pick(named(run, `app-cert-${slot}-key`), ["algorithm", "rsaBits"]),
    cert: pick(named(run, `app-cert-${slot}-cert`), ["subject", "validityPeriodHours", "allowedUses"]),
    registered: pick(named(run, `app-cert-${slot}`), ["applicationId", "type", "encoding", "endDate"]),
  };
}

const credentials = (run: ProgramRun, type: "secret" | "certificate"): CredentialSummary[] =>
  (run.outputs.workloads as Record<string, WorkloadSummary>).app.credentials.filter((c) => c.type === type);

/** The Key Vault secret that holds the pair's newest member. */
const vaultSecret = (run: ProgramRun, type: "secret" | "certificate") =>
  named(run, type === "secret" ? "app-kv-client-secret" : "app-kv-certificate").inputs as { tags?: Record<string, string>; properties: { attributes: { expires: number } } };

interface Deployment { day: number; settings: Settings; run: ProgramRun }

/** Deploys on each of `days` with the settings in force that day, each run reading the one before. */
async function deployYear(days: number[], settingsOn: (day: number) => Settings): Promise<Deployment[]> {
  const deployments: Deployment[] = [];
  let previousOutputs: Record<string, unknown> | undefined;
  for (const day of days) {
    const settings = settingsOn(day);
    const run = await runManifest(manifest(settings), at(day), "test", previousOutputs === undefined ? {} : { previousOutputs });
    expect(run.error, `day ${day}`).toBeUndefined();
    expect(run.failures, `day ${day}`).toEqual([]);
    deployments.push({ day, settings, run });
    previousOutputs = JSON.parse(JSON.stringify(run.outputs)) as Record<string, unknown>;
  }
  return deployments;
}

function expectNoConsumerCutOff(deployments: Deployment[]): { rotations: number } {
  let rotations = 0;
  for (let i = 0; i < deployments.length; i++) {
    const { day, run } = deployments[i];
    const now = at(day).getTime();
    for (const type of ["secret", "certificate"] as const) {
      const members = credentials(run, type);
      const newest = members.filter((m) => m.newest);
      expect(newest, `day ${day} ${type}: one member is the one Key Vault holds`).toHaveLength(1);
      const held = newest[0];
      expect(Date.parse(held.endDate ?? ""), `day ${day} ${type}: Key Vault holds a valid credential`).toBeGreaterThan(now);
      const kv = vaultSecret(run, type);
      expect(kv.properties.attributes.expires).toBe(Date.parse(held.endDate ?? "") / 1000);
      expect(kv.tags).toEqual({ rotatesOn: held.rotatesOn, retiresOn: held.retiresOn });
      expect(Date.parse(held.retiresOn ?? "")).toBeGreaterThan(now);
      if (i === 0) continue;
      const before = deployments[i - 1].run;
      const heldBefore = credentials(before, type).find((m) => m.newest);
      if (!heldBefore?.slot) throw new Error("no held member before");
      const stillValid = Date.parse(heldBefore.endDate ?? "") > now;
      if (stillValid) {
        expect(slotInputs(run, type, heldBefore.slot), `day ${day} ${type}: the slot Key Vault held (${heldBefore.slot}) is not replaced`)
          .toEqual(slotInputs(before, type, heldBefore.slot));
      }
      const moved = ["blue", "green"].filter((slot) => JSON.stringify(slotInputs(run, type, slot)) !== JSON.stringify(slotInputs(before, type, slot)));
      if (stillValid) expect(moved.length, `day ${day} ${type}: at most one slot moves per run`).toBeLessThanOrEqual(1);
      if (moved.length > 0) {
        rotations++;
        expect(held.slot, `day ${day} ${type}: Key Vault moves to the new member`).toBe(moved.includes(heldBefore.slot) ? held.slot : moved[0]);
      }
    }
  }
  return { rotations };
}

const DEFAULTS: Settings = { secret: [90, 30], certificate: [180, 60] };

describe("rotation over a simulated year of `pulumi up` runs (the real program, each run reading the last)", () => {
  it("run daily: rotates on each epoch, never touching the member Key Vault holds", async () => {
    const days = Array.from({ length: 75 }, (_, d) => d);
    const deployments = await deployYear(days, () => DEFAULTS);
    const { rotations } = expectNoConsumerCutOff(deployments);
    const epochs = (rotate: number) => new Set(days.map((d) => epochAt(at(d), rotate))).size - 1;
    expect(rotations).toBe(epochs(DEFAULTS.secret[1]) + epochs(DEFAULTS.certificate[1]));
    expect(rotations).toBeGreaterThanOrEqual(3);
  }, 120_000);

  it("run weekly for a year: rotates secrets and certificates, never touching the member Key Vault holds", async () => {
    const deployments = await deployYear(Array.from({ length: 53 }, (_, w) => w * 7), () => DEFAULTS);
    const { rotations } = expectNoConsumerCutOff(deployments);
    expect(rotations).toBeGreaterThanOrEqual(11 + 5);
  }, 120_000);

  it("with skipped weeks and whole skipped epochs: one slot per run, Key Vault always holding a valid credential", async () => {
    // Day 40 → 110 skips two secret epochs (what used to replace both slots, deleting the one Key Vault held).
    const days = [0, 1, 8, 40, 110, 111, 175, 176, 240, 300, 301, 365];
    const deployments = await deployYear(days, () => DEFAULTS);
    expectNoConsumerCutOff(deployments);
  }, 120_000);

  it("with lifetimeDays / rotateAfterDays changed mid-year: only newly issued members get the new settings", async () => {
    const changed: Settings = { secret: [60, 30], certificate: [120, 45] };
    const days = [0, 20, 45, 70, 100, 101, 130, 160, 200, 230, 260, 300, 330, 365];
    const deployments = await deployYear(days, (d) => (d < 101 ? DEFAULTS : changed));
    expectNoConsumerCutOff(deployments);
    const change = deployments.findIndex((d) => d.day === 101);
    for (const type of ["secret", "certificate"] as const) {
      // The run that changes the settings re-issues nothing that is still valid.
      for (const slot of ["blue", "green"]) {
        expect(slotInputs(deployments[change].run, type, slot)).toEqual(slotInputs(deployments[change - 1].run, type, slot));
      }
      const last = credentials(deployments[deployments.length - 1].run, type).find((m) => m.newest);
      const lifetime = (Date.parse(last?.endDate ?? "") - Date.parse(last?.issuedAt ?? "")) / DAY;
      expect(lifetime).toBe(changed[type][0]);
    }
  }, 120_000);
});
