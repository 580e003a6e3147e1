import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import { nameMembers, nextRotation, SLOTS, type RotatingMember, type RotationMember, type RotationPlan } from "../model/rotation";

export interface ClientSecretArgs {
  /** `/applications/{objectId}` of the application the secret belongs to. */
  applicationId: pulumi.Input<string>;
  /** Longest life of any one secret issued from now on, in days. @default 90 */
  lifetimeDays?: number;
  /** A new secret appears this often; the previous one stays valid meanwhile. @default 30 */
  rotateAfterDays?: number;
  /** What the last deployment issued (both members, the newest being the one Key Vault holds). @default none: a first deployment */
  previous?: pulumi.Input<RotationMember[] | undefined>;
  /** Clock for rotation epochs; tests and the offline preview inject one. @default the system clock */
  now?: () => Date;
}

/**
 * A client secret that rotates with overlap: two staggered application passwords (blue, green). Each run keeps
 * the password Key Vault holds exactly as it was issued and, when a rotation is due, issues a new one in the other
 * slot (see ./rotation.ts); the newest one is what consumers get from Key Vault.
 */
export class ClientSecret extends pulumi.ComponentResource {
  /** This run's rotation: what each slot holds and which slot is (re)issued. */
  readonly rotation: pulumi.Output<RotationPlan>;
  /** The members, named; resolves once both passwords exist (so an export of it records only what happened). */
  readonly members: pulumi.Output<RotatingMember[]>;
  /** The newest password's value, as a Pulumi secret. */
  readonly value: pulumi.Output<string>;

  constructor(name: string, args: ClientSecretArgs, opts?: pulumi.ComponentResourceOptions) {
    super("entra-workloads:index:ClientSecret", name, {}, opts);
    const settings = { lifetimeDays: args.lifetimeDays ?? 90, rotateAfterDays: args.rotateAfterDays ?? 30 };
    const now = (args.now ?? (() => new Date()))();
    this.rotation = pulumi.output(args.previous).apply((previous) => nextRotation(previous, now, settings));
    const passwords = SLOTS.map((slot, i) => {
      const member = this.rotation.apply((r) => r.members[i]);
      // Every input is ForceNew (application_password_resource.go): a member with the same inputs is never replaced.
      return new azuread.ApplicationPassword(`${name}-${slot}`, {
        applicationId: args.applicationId,
        displayName: member.apply((m) => `${slot} (rotation epoch ${m.epoch})`),
        endDate: member.apply((m) => m.endDate),
        rotateWhenChanged: member.apply((m) => ({ epoch: String(m.epoch) })),
      }, { parent: this });
    });
    this.members = pulumi.all([this.rotation, passwords[0].id, passwords[1].id]).apply(([r]) => nameMembers(name, r).members);
    this.value = pulumi.secret(pulumi.all([this.rotation, passwords[0].value, passwords[1].value])
      .apply(([r, blue, green]) => (r.newest.slot === "blue" ? blue : green)));
    this.registerOutputs({ endDates: this.rotation.apply((r) => r.members.map((m) => m.endDate)) });
  }
}
