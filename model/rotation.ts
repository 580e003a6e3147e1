/**
 * Rotation of a staggered pair (blue/green) that never deletes the credential Key Vault holds.
 *
 * Time is cut into epochs of `rotateAfterDays` from a fixed origin. A member is issued for an epoch: it starts at
 * the epoch's start and ends `lifetimeDays` later, never depending on the exact "now", so two previews in the same
 * epoch agree. Which slot gets a new member is not a function of the clock but of what the last deployment issued
 * (`nextRotation(previous, now, settings)`, the previous state read back from the stack's own outputs, see
 * `previousDeployment`):
 * - the member Key Vault holds keeps exactly the inputs it was issued with, so `pulumi up` sees no change and
 *   never replaces it (every input of azuread's ApplicationPassword / ApplicationCertificate is ForceNew:
 *   terraform-provider-azuread@38d1993a:internal/services/applications/application_password_resource.go,
 *   application_certificate_resource.go);
 * - a run moves at most one slot: the one Key Vault does not hold gets the new member, and Key Vault moves to it;
 * - `lifetimeDays` / `rotateAfterDays` apply to members issued from then on, never to ones already issued;
 * - a superseded member is not replaced before the `retiresOn` Key Vault announced for it while it held it.
 *
 * The only exceptions replace what is no longer valid: a member past its end date may be re-issued at any time.
 */
export const ROTATION_ORIGIN = Date.UTC(2024, 0, 1);
export const DAY_MS = 86_400_000;

export type Slot = "blue" | "green";
export const SLOTS: readonly [Slot, Slot] = ["blue", "green"];

export interface RotationSettings {
  lifetimeDays: number;
  rotateAfterDays: number;
}

export interface RotationMember {
  slot: Slot;
  /** The rotation epoch it was issued for (of the `rotateAfterDays` in force then): part of its inputs. */
  epoch: number;
  /** Start of the member's epoch (ISO-8601). */
  issuedAt: string;
  /** End of validity (ISO-8601): what Entra ID enforces. */
  endDate: string;
  /** The member Key Vault holds: what consumers use. */
  newest: boolean;
  /**
   * Set once the member is the one Key Vault holds, and kept after it is superseded (a promise, not a forecast):
   * from `rotatesOn` Key Vault may hold a newer member; no run deletes this one before `retiresOn` unless it
   * has expired or Key Vault would otherwise hold an expired credential.
   */
  rotatesOn?: string;
  retiresOn?: string;
}

/** What happened to the pair in this run. */
export type RotationChange =
  /** No previous deployment of this pair: both slots are issued now (nothing to protect). */
  | "first"
  /** Nothing due: both slots keep their inputs. */
  | "unchanged"
  /** The slot Key Vault did not hold got a new member, and Key Vault moved to it. */
  | "rotated"
  /** The member Key Vault held had expired: its slot (and any other expired one) is issued again. */
  | "restarted";

export interface RotationPlan {
  /** Always [blue, green]: stable order, so resource names never depend on the clock. */
  members: [RotationMember, RotationMember];
  newest: RotationMember;
  change: RotationChange;
  /** Slots whose member is (re)issued in this run: their resources are replaced. */
  issued: Slot[];
}

export function epochAt(now: Date, rotateAfterDays: number): number {
  return Math.floor((now.getTime() - ROTATION_ORIGIN) / (rotateAfterDays * DAY_MS));
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const ms = (isoDate: string) => Date.parse(isoDate);

/** A member issued for `epoch` under `settings`. */
function issue(slot: Slot, epoch: number, settings: RotationSettings): RotationMember {
  const start = ROTATION_ORIGIN + epoch * settings.rotateAfterDays * DAY_MS;
  return { slot, epoch, issuedAt: iso(start), endDate: iso(start + settings.lifetimeDays * DAY_MS), newest: false };
}

/**
 * What Key Vault announces for the member it now holds: a newer member may replace it in Key Vault from the next
 * epoch on, and the member itself stays in Entra ID one more epoch after that (or until it expires, if sooner).
 */
function promise(member: RotationMember, settings: RotationSettings): RotationMember {
  if (member.rotatesOn !== undefined && member.retiresOn !== undefined) return { ...member, newest: true };
  const rotatesOn = ROTATION_ORIGIN + (Math.floor((ms(member.issuedAt) - ROTATION_ORIGIN) / (settings.rotateAfterDays * DAY_MS)) + 1) * settings.rotateAfterDays * DAY_MS;
  const retiresOn = Math.min(ms(member.endDate), rotatesOn + settings.rotateAfterDays * DAY_MS);
  return { ...member, newest: true, rotatesOn: iso(rotatesOn), retiresOn: iso(retiresOn) };
}

function plan(members: RotationMember[], newestSlot: Slot, change: RotationChange, issued: Slot[]): RotationPlan {
  const bySlot = (slot: Slot) => {
    const m = members.find((x) => x.slot === slot);
    if (!m) throw new Error(`rotation: no ${slot} member`);
    return { ...m, newest: slot === newestSlot };
  };
  const pair: [RotationMember, RotationMember] = [bySlot("blue"), bySlot("green")];
  return { members: pair, newest: pair[newestSlot === "blue" ? 0 : 1], change, issued };
}

/** Both slots issued now: the current epoch's member (newest) and the previous epoch's. */
export function freshRotation(now: Date, settings: RotationSettings, change: RotationChange = "first"): RotationPlan {
  const current = epochAt(now, settings.rotateAfterDays);
  const slotOf = (epoch: number): Slot => (epoch % 2 === 0 ? "blue" : "green");
  const newest = promise(issue(slotOf(current), current, settings), settings);
  const previous = issue(slotOf(current - 1), current - 1, settings);
  return plan([newest, previous], newest.slot, change, [...SLOTS]);
}

/** The epoch-aligned plan with no previous deployment (what a first `pulumi up` issues). */
export function rotationPlan(now: Date, lifetimeDays: number, rotateAfterDays: number): RotationPlan {
  return freshRotation(now, { lifetimeDays, rotateAfterDays });
}

/**
 * The pair after this run, from what the last deployment issued (`previous`: both members, the newest being the
 * one Key Vault holds), the clock and the current settings. A pure function: the same previous state, day and
 * settings give the same plan, so previews agree with `pulumi up`.
 */
export function nextRotation(previous: RotationMember[] | undefined, now: Date, settings: RotationSettings): RotationPlan {
  const held = previous?.find((m) => m.newest);
  const other = previous?.find((m) => !m.newest);
  if (!held || !other || held.slot === other.slot) return freshRotation(now, settings);
  const t = now.getTime();
  const R = settings.rotateAfterDays * DAY_MS;
  const expired = (m: RotationMember) => ms(m.endDate) <= t;
  const current = epochAt(now, settings.rotateAfterDays);

  if (expired(held)) {
    // Key Vault holds nothing valid: nothing to protect in that slot. Re-issue it (and the other one if it expired too).
    if (expired(other)) return freshRotation(now, settings, "restarted");
    const renewed = promise(issue(held.slot, current, settings), settings);
    return plan([renewed, { ...other, newest: false }], held.slot, "restarted", [held.slot]);
  }
  const kept = promise(held, settings);
  const expiresSoon = ms(held.endDate) - t < R;
  const due = ms(issue(held.slot, current, settings).issuedAt) > ms(held.issuedAt) || expiresSoon || expired(other);
  const mayRetireOther = expired(other) || other.retiresOn === undefined || ms(other.retiresOn) <= t || expiresSoon;
  if (!due || !mayRetireOther) return plan([kept, { ...other, newest: false }], held.slot, "unchanged", []);
  const fresh = promise(issue(other.slot, current, settings), settings);
  return plan([{ ...kept, newest: false }, fresh], other.slot, "rotated", [other.slot]);
}

/** A rotation member with the logical name of the resource that holds it (`<component>-<slot>`). */
export interface RotatingMember extends RotationMember {
  name: string;
}

/** The plan's members named after the component that holds them, and the newest of them. */
export function nameMembers(component: string, rotation: RotationPlan): { members: RotatingMember[]; newest: RotatingMember; newestIndex: number } {
  const members = rotation.members.map((m) => ({ ...m, name: `${component}-${m.slot}` }));
  const newestIndex = rotation.members.indexOf(rotation.newest);
  return { members, newest: members[newestIndex], newestIndex };
}

/** A member as the last deployment exported it (`workloads.<name>.credentials[]`); older exports lack the dates we add. */
export interface ExportedMember {
  type?: string;
  slot?: unknown;
  epoch?: unknown;
  issuedAt?: unknown;
  endDate?: unknown;
  newest?: unknown;
  rotatesOn?: unknown;
  retiresOn?: unknown;
}

const isIso = (v: unknown): v is string => typeof v === "string" && !Number.isNaN(Date.parse(v));

/**
 * The pair a previous deployment exported for one credential type, or undefined when it exported none (first
 * deployment, a new credential) or one this code cannot read back (then the pair starts fresh; `problem` says why).
 * Exports written before `issuedAt` existed had members issued at their epoch's start under the same
 * `rotateAfterDays`, which is what this assumes for them.
 */
export function previousMembers(
  credentials: readonly ExportedMember[] | undefined,
  type: "secret" | "certificate",
  settings: RotationSettings,
): { members?: RotationMember[]; problem?: string } {
  const exported = (credentials ?? []).filter((c) => c.type === type);
  if (exported.length === 0) return {};
  const members: RotationMember[] = [];
  for (const c of exported) {
    if ((c.slot !== "blue" && c.slot !== "green") || typeof c.epoch !== "number" || !Number.isInteger(c.epoch) || !isIso(c.endDate)) {
      return { problem: `a ${type} member without slot, epoch and endDate` };
    }
    const issuedAt = isIso(c.issuedAt) ? c.issuedAt : issue(c.slot, c.epoch, settings).issuedAt;
    members.push({
      slot: c.slot, epoch: c.epoch, issuedAt, endDate: c.endDate, newest: c.newest === true,
      ...(isIso(c.rotatesOn) ? { rotatesOn: c.rotatesOn } : {}),
      ...(isIso(c.retiresOn) ? { retiresOn: c.retiresOn } : {}),
    });
  }
  const slots = new Set(members.map((m) => m.slot));
  if (members.length !== 2 || slots.size !== 2 || members.filter((m) => m.newest).length !== 1) {
    return { problem: `${members.length} ${type} members (expected blue and green, one of them newest)` };
  }
  return { members };
}
