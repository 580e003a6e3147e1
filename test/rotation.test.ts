import { describe, expect, it } from "vitest";
import { DAY_MS, epochAt, nextRotation, previousMembers, rotationPlan, type RotationMember, type RotationPlan, type RotationSettings } from "../model/rotation";

const DAY = DAY_MS;
const daysBetween = (fromIso: string, toIso: string) => (Date.parse(toIso) - Date.parse(fromIso)) / DAY;
const START = Date.UTC(2026, 0, 1);
const at = (day: number) => new Date(START + day * DAY + 13 * 3_600_000);
/** What a slot's resources are declared with: equal ⇒ Pulumi sees no change and replaces nothing. */
const inputs = (m: RotationMember) => ({ slot: m.slot, epoch: m.epoch, issuedAt: m.issuedAt, endDate: m.endDate });

/** [lifetimeDays, rotateAfterDays]: defaults for secrets and certificates, the dev stack's, and tight pairs. */
const CASES: [number, number][] = [[90, 30], [180, 60], [60, 30], [730, 365], [120, 45], [14, 7]];

describe.each(CASES)("the first deployment with lifetimeDays %i, rotateAfterDays %i", (lifetime, rotate) => {
  it("issues the current epoch's member as newest, valid now and no longer than lifetimeDays, and the previous epoch's in the other slot", () => {
    for (let d = 0; d < 366; d++) {
      const { newest, members } = rotationPlan(at(d), lifetime, rotate);
      expect(Date.parse(newest.endDate)).toBeGreaterThan(at(d).getTime());
      expect(daysBetween(newest.issuedAt, newest.endDate)).toBe(lifetime);
      expect(Date.parse(newest.issuedAt)).toBeLessThanOrEqual(at(d).getTime());
      expect(members.map((m) => m.slot)).toEqual(["blue", "green"]);
      expect(members.find((m) => !m.newest)?.epoch).toBe(newest.epoch - 1);
    }
  });
});

/** A year of deployments on `days`, with settings from `settingsOn(day)`; checks every run and returns the plans. */
function simulate(days: number[], settingsOn: (day: number) => RotationSettings): { day: number; before?: RotationMember[]; plan: RotationPlan }[] {
  const runs: { day: number; before?: RotationMember[]; plan: RotationPlan }[] = [];
  let previous: RotationMember[] | undefined;
  for (const day of days) {
    const now = at(day);
    const settings = settingsOn(day);
    const plan = nextRotation(previous, now, settings);
    expect(nextRotation(previous, now, settings), "a pure function of (previous, now, settings)").toEqual(plan);
    runs.push({ day, before: previous, plan });
    previous = plan.members;
  }
  return runs;
}

/** The guarantees every run keeps, whatever the schedule and settings. */
function expectSafe(runs: ReturnType<typeof simulate>): void {
  for (const { day, before, plan } of runs) {
    const now = at(day).getTime();
    const where = `run on day ${day} (${plan.change})`;
    expect(Date.parse(plan.newest.endDate), `${where}: Key Vault holds a valid credential`).toBeGreaterThan(now);
    for (const m of plan.members) expect(Date.parse(m.endDate), `${where}: every declared member is valid`).toBeGreaterThan(now);
    if (!before) continue;
    const held = before.find((m) => m.newest);
    if (!held) throw new Error("no held member");
    const heldAfter = plan.members.find((m) => m.slot === held.slot);
    if (heldAfter && Date.parse(held.endDate) > now) {
      expect(inputs(heldAfter), `${where}: the member Key Vault held keeps its inputs`).toEqual(inputs(held));
    }
    const changed = plan.members.filter((m, i) => JSON.stringify(inputs(m)) !== JSON.stringify(inputs(before[i])));
    expect(changed.map((m) => m.slot).sort(), `${where}: issued slots are the changed ones`).toEqual([...plan.issued].sort());
    if (plan.change !== "restarted") expect(changed.length, `${where}: at most one slot moves`).toBeLessThanOrEqual(1);
  }
}

const DAILY = Array.from({ length: 366 }, (_, d) => d);

describe.each(CASES)("rotation with lifetimeDays %i, rotateAfterDays %i, over a simulated year", (lifetime, rotate) => {
  const settings = { lifetimeDays: lifetime, rotateAfterDays: rotate };

  it("run daily: rotates once per epoch, each time into the slot Key Vault did not hold", () => {
    const runs = simulate(DAILY, () => settings);
    expectSafe(runs);
    const rotations = runs.filter((r) => r.plan.change === "rotated");
    expect(rotations.length).toBeGreaterThanOrEqual(Math.floor(365 / rotate) - 1);
    for (const { day, before, plan } of rotations) {
      expect(plan.newest.slot).not.toBe(before?.find((m) => m.newest)?.slot);
      expect(plan.newest.epoch).toBe(epochAt(at(day), rotate));
      const previous = plan.members.find((m) => !m.newest);
      expect(daysBetween(plan.newest.issuedAt, previous?.endDate ?? ""), "the previous member stays valid a whole epoch").toBeGreaterThanOrEqual(rotate);
    }
  });

  it("changes nothing within an epoch: two runs in the same epoch agree", () => {
    const runs = simulate(DAILY, () => settings);
    for (let i = 1; i < runs.length; i++) {
      if (epochAt(at(runs[i].day), rotate) !== epochAt(at(runs[i - 1].day), rotate)) continue;
      expect(runs[i].plan.change).toBe("unchanged");
      expect(runs[i].plan.members).toEqual(runs[i - 1].plan.members);
    }
  });

  it("run with skipped weeks and whole skipped epochs: never moves the held member, never more than one slot", () => {
    const days = [0, 1, 9, 10, 40, 41, 150, 151, 152, 200, 260, 261, 262, 330, 365].filter((d) => d <= 365);
    const runs = simulate(days, () => settings);
    expectSafe(runs);
    // A skipped epoch is what replaced both slots at once before: each such run now moves exactly one.
    for (const { plan } of runs.slice(1)) if (plan.change === "rotated") expect(plan.issued).toHaveLength(1);
  });

  it("keeps the retiresOn Key Vault announced: a superseded member is replaced no earlier", () => {
    const runs = simulate(DAILY, () => settings);
    for (const { day, before, plan } of runs) {
      for (const slot of plan.issued) {
        const replaced = before?.find((m) => m.slot === slot);
        if (replaced?.retiresOn) expect(at(day).getTime()).toBeGreaterThanOrEqual(Date.parse(replaced.retiresOn));
      }
    }
  });
});

describe("rotation when lifetimeDays / rotateAfterDays change mid-year", () => {
  const CHANGES: [RotationSettings, RotationSettings][] = [
    [{ lifetimeDays: 90, rotateAfterDays: 30 }, { lifetimeDays: 60, rotateAfterDays: 30 }],
    [{ lifetimeDays: 90, rotateAfterDays: 30 }, { lifetimeDays: 180, rotateAfterDays: 60 }],
    [{ lifetimeDays: 180, rotateAfterDays: 60 }, { lifetimeDays: 60, rotateAfterDays: 30 }],
    [{ lifetimeDays: 730, rotateAfterDays: 365 }, { lifetimeDays: 14, rotateAfterDays: 7 }],
    [{ lifetimeDays: 14, rotateAfterDays: 7 }, { lifetimeDays: 730, rotateAfterDays: 365 }],
    [{ lifetimeDays: 60, rotateAfterDays: 30 }, { lifetimeDays: 60, rotateAfterDays: 29 }],
  ];

  it.each(CHANGES)("from %o to %o: the held member keeps its inputs; new settings apply to newly issued members only", (before, after) => {
    for (const changeDay of [100, 137, 181]) {
      for (const days of [DAILY, DAILY.filter((d) => d % 7 === 0), DAILY.filter((d) => d < 90 || d > 200)]) {
        const runs = simulate(days, (d) => (d < changeDay ? before : after));
        expectSafe(runs);
        const firstAfter = runs.find((r) => r.day >= changeDay);
        if (!firstAfter?.before) continue;
        // The change itself never re-issues a member that is still valid and announced: only due rotations do.
        const changedAtOnce = firstAfter.plan.issued.filter((slot) => {
          const m = firstAfter.before?.find((x) => x.slot === slot);
          return m?.newest === true && Date.parse(m.endDate) > at(firstAfter.day).getTime();
        });
        expect(changedAtOnce).toEqual([]);
        for (const { plan } of runs.filter((r) => r.day >= changeDay)) {
          for (const slot of plan.issued) {
            const m = plan.members.find((x) => x.slot === slot);
            expect(daysBetween(m?.issuedAt ?? "", m?.endDate ?? "")).toBe(after.lifetimeDays);
          }
        }
      }
    }
  });
});

describe("rotation after a long pause", () => {
  it("re-issues the held member's slot when it has expired (nothing valid to protect), keeping the other if still valid", () => {
    const settings = { lifetimeDays: 90, rotateAfterDays: 30 };
    const first = nextRotation(undefined, at(0), settings);
    const late = nextRotation(first.members, at(200), settings);
    expect(late.change).toBe("restarted");
    expect(Date.parse(late.newest.endDate)).toBeGreaterThan(at(200).getTime());
    expectSafe([{ day: 200, before: first.members, plan: late }]);
  });
});

describe("reading back what the last deployment exported", () => {
  const settings = { lifetimeDays: 90, rotateAfterDays: 30 };

  it("reads the members it exports, and older exports without issuedAt as issued at their epoch's start", () => {
    const plan = rotationPlan(at(10), 90, 30);
    const exported = plan.members.map((m) => ({ type: "secret", ...m }));
    expect(previousMembers(exported, "secret", settings).members).toEqual(plan.members);
    const legacy = plan.members.map(({ slot, epoch, endDate, newest }) => ({ type: "secret", name: `x-secret-${slot}`, slot, epoch, endDate, newest }));
    expect(previousMembers(legacy, "secret", settings).members?.map((m) => m.issuedAt)).toEqual(plan.members.map((m) => m.issuedAt));
  });

  it("starts fresh, saying why, on what it cannot read", () => {
    expect(previousMembers(undefined, "secret", settings)).toEqual({});
    expect(previousMembers([{ type: "certificate", slot: "blue", epoch: 1, endDate: "2027-01-01T00:00:00Z", newest: true }], "secret", settings)).toEqual({});
    expect(previousMembers([{ type: "secret", slot: "blue", epoch: 1, endDate: "2027-01-01T00:00:00Z", newest: true }], "secret", settings).problem).toMatch(/1 secret members/);
    expect(previousMembers([{ type: "secret", slot: "red", epoch: 1, endDate: "x" }], "secret", settings).problem).toMatch(/without slot/);
  });
});

describe("rotation epochs", () => {
  it("does not depend on the time of day", () => {
    const morning = new Date("2026-11-23T00:00:01Z");
    const night = new Date("2026-11-23T23:59:59Z");
    expect(rotationPlan(morning, 90, 30)).toEqual(rotationPlan(night, 90, 30));
    expect(epochAt(morning, 1)).toBe(epochAt(night, 1));
  });
});
