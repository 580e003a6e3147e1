import { describe, expect, it } from "vitest";
import { epochAt, rotationPlan } from "../components/rotation";

const DAY = 86_400_000;
const daysBetween = (fromIso: string, toIso: string) => (Date.parse(toIso) - Date.parse(fromIso)) / DAY;
const START = Date.UTC(2026, 0, 1);

/** [lifetimeDays, rotateAfterDays]: defaults for secrets and certificates, the dev stack's, and tight pairs. */
const CASES: [number, number][] = [[90, 30], [180, 60], [60, 30], [730, 365], [120, 45], [14, 7]];

describe.each(CASES)("rotation with lifetimeDays %i, rotateAfterDays %i, over a simulated year", (lifetime, rotate) => {
  const days = Array.from({ length: 366 }, (_, d) => new Date(START + d * DAY + 13 * 3_600_000));

  it("always has a newest member that is valid now and lives no longer than lifetimeDays", () => {
    for (const now of days) {
      const { newest } = rotationPlan(now, lifetime, rotate);
      expect(Date.parse(newest.endDate)).toBeGreaterThan(now.getTime());
      expect(daysBetween(newest.issuedAt, newest.endDate)).toBe(lifetime);
      expect(Date.parse(newest.issuedAt)).toBeLessThanOrEqual(now.getTime());
    }
  });

  it("keeps the previous member valid for at least rotateAfterDays after each rotation", () => {
    let rotations = 0;
    for (let d = 1; d < days.length; d++) {
      const before = rotationPlan(days[d - 1], lifetime, rotate);
      const after = rotationPlan(days[d], lifetime, rotate);
      if (after.epoch === before.epoch) continue;
      rotations++;
      const previous = after.members.find((m) => !m.newest);
      expect(previous?.epoch).toBe(before.newest.epoch);
      expect(previous?.endDate).toBe(before.newest.endDate);
      expect(daysBetween(after.newest.issuedAt, previous?.endDate ?? "")).toBeGreaterThanOrEqual(rotate);
    }
    expect(rotations).toBeGreaterThanOrEqual(Math.floor(365 / rotate) - 1);
  });

  it("changes nothing within an epoch (two previews agree) and replaces one slot per rotation", () => {
    for (let d = 1; d < days.length; d++) {
      const a = rotationPlan(days[d - 1], lifetime, rotate);
      const b = rotationPlan(days[d], lifetime, rotate);
      const changedSlots = a.members.filter((m, i) => m.endDate !== b.members[i].endDate).length;
      expect(changedSlots).toBe(a.epoch === b.epoch ? 0 : 1);
      expect(b.members.map((m) => m.slot)).toEqual(["blue", "green"]);
    }
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
