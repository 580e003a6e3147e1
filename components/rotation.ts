/**
 * Epoch-based rotation of a staggered pair (blue/green). Time is cut into epochs of `rotateAfterDays`
 * from a fixed origin; epoch k's credential is issued in slot blue (k even) or green (k odd) and ends at
 * origin + k·R + lifetime. End dates depend on the epoch, never on "now", so two previews in the same
 * epoch agree, and each slot is replaced only when its epoch changes.
 *
 * Guarantees (with lifetimeDays ≥ 2·rotateAfterDays, which the manifest enforces):
 * - the newest member is always valid, and Key Vault holds it;
 * - the previous member stays valid through the whole epoch after it was superseded;
 * - no member lives past `lifetimeDays` from the start of its epoch.
 */
export const ROTATION_ORIGIN = Date.UTC(2024, 0, 1);
const DAY_MS = 86_400_000;

export type Slot = "blue" | "green";

export interface RotationMember {
  slot: Slot;
  epoch: number;
  /** Start of the member's epoch (ISO-8601). */
  issuedAt: string;
  /** End of validity (ISO-8601), fixed per epoch. */
  endDate: string;
  /** The member issued in the current epoch: what consumers should use. */
  newest: boolean;
}

export interface RotationPlan {
  epoch: number;
  /** Always [blue, green]: stable order, so resource names never depend on the clock. */
  members: [RotationMember, RotationMember];
  newest: RotationMember;
}

export function epochAt(now: Date, rotateAfterDays: number): number {
  return Math.floor((now.getTime() - ROTATION_ORIGIN) / (rotateAfterDays * DAY_MS));
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

function member(epoch: number, current: number, lifetimeDays: number, rotateAfterDays: number): RotationMember {
  const start = ROTATION_ORIGIN + epoch * rotateAfterDays * DAY_MS;
  return {
    slot: epoch % 2 === 0 ? "blue" : "green",
    epoch,
    issuedAt: iso(start),
    endDate: iso(start + lifetimeDays * DAY_MS),
    newest: epoch === current,
  };
}

export function rotationPlan(now: Date, lifetimeDays: number, rotateAfterDays: number): RotationPlan {
  const current = epochAt(now, rotateAfterDays);
  const a = member(current, current, lifetimeDays, rotateAfterDays);
  const b = member(current - 1, current, lifetimeDays, rotateAfterDays);
  const [blue, green] = a.slot === "blue" ? [a, b] : [b, a];
  return { epoch: current, members: [blue, green], newest: a };
}

/** A rotation member with the logical name of the resource that holds it (`<component>-<slot>`). */
export interface RotatingMember extends RotationMember {
  name: string;
}

/** The plan's members named after the component that holds them, and the newest of them. */
export function nameMembers(component: string, plan: RotationPlan): { members: RotatingMember[]; newest: RotatingMember; newestIndex: number } {
  const members = plan.members.map((m) => ({ ...m, name: `${component}-${m.slot}` }));
  const newestIndex = plan.members.indexOf(plan.newest);
  return { members, newest: members[newestIndex], newestIndex };
}
