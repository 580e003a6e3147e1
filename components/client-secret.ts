import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import { nameMembers, rotationPlan, type RotatingMember } from "./rotation";

export interface ClientSecretArgs {
  /** `/applications/{objectId}` of the application the secret belongs to. */
  applicationId: pulumi.Input<string>;
  /** Longest life of any one secret, in days. @default 90 */
  lifetimeDays?: number;
  /** A new secret appears this often; the previous one stays valid meanwhile. @default 30 */
  rotateAfterDays?: number;
  /** Clock for rotation epochs; tests and the offline preview inject one. @default the system clock */
  now?: () => Date;
}

/**
 * A client secret that rotates with overlap: two staggered application passwords (blue, green). Each is issued
 * for a rotation epoch with an end date fixed by that epoch, and is replaced when its slot's epoch comes round
 * again; the newest one is what consumers get from Key Vault.
 */
export class ClientSecret extends pulumi.ComponentResource {
  readonly members: RotatingMember[];
  readonly newest: RotatingMember;
  /** The newest password's value, as a Pulumi secret. */
  readonly value: pulumi.Output<string>;

  constructor(name: string, args: ClientSecretArgs, opts?: pulumi.ComponentResourceOptions) {
    super("entra-workloads:index:ClientSecret", name, {}, opts);
    const plan = rotationPlan((args.now ?? (() => new Date()))(), args.lifetimeDays ?? 90, args.rotateAfterDays ?? 30);
    const passwords = plan.members.map((m) => new azuread.ApplicationPassword(`${name}-${m.slot}`, {
      applicationId: args.applicationId,
      displayName: `${m.slot} (rotation epoch ${m.epoch})`,
      endDate: m.endDate,
      rotateWhenChanged: { epoch: String(m.epoch) },
    }, { parent: this }));
    const named = nameMembers(name, plan);
    this.members = named.members;
    this.newest = named.newest;
    this.value = pulumi.secret(passwords[named.newestIndex].value);
    this.registerOutputs({ endDates: this.members.map((m) => m.endDate) });
  }
}
