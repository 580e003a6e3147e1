import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import * as tls from "@pulumi/tls";
import { DAY_MS, nameMembers, nextRotation, SLOTS, type RotatingMember, type RotationMember, type RotationPlan } from "../model/rotation";

export interface CertificateArgs {
  /** `/applications/{objectId}` of the application the certificate authenticates. */
  applicationId: pulumi.Input<string>;
  /** Subject common name of the self-signed certificates. */
  commonName: string;
  /** Validity of each certificate issued from now on, in days. @default 180 */
  lifetimeDays?: number;
  /** A new certificate appears this often; the previous one stays valid meanwhile. @default 60 */
  rotateAfterDays?: number;
  /** What the last deployment issued (both members, the newest being the one Key Vault holds). @default none: a first deployment */
  previous?: pulumi.Input<RotationMember[] | undefined>;
  /** Clock for rotation epochs. @default the system clock */
  now?: () => Date;
}

/**
 * Certificate credentials that rotate like secrets: per slot a fresh RSA key and self-signed certificate
 * (replaced only when the slot is issued a new member, see ./rotation.ts), registered on the application with the
 * member's end date. The newest key and certificate, as one PEM, are what Key Vault holds.
 */
export class Certificate extends pulumi.ComponentResource {
  /** This run's rotation: what each slot holds and which slot is (re)issued. */
  readonly rotation: pulumi.Output<RotationPlan>;
  /** The members, named; resolves once both certificates are registered on the application. */
  readonly members: pulumi.Output<RotatingMember[]>;
  /** PEM of the newest private key followed by its certificate, as a Pulumi secret. */
  readonly pem: pulumi.Output<string>;

  constructor(name: string, args: CertificateArgs, opts?: pulumi.ComponentResourceOptions) {
    super("entra-workloads:index:Certificate", name, {}, opts);
    const settings = { lifetimeDays: args.lifetimeDays ?? 180, rotateAfterDays: args.rotateAfterDays ?? 60 };
    const now = (args.now ?? (() => new Date()))();
    this.rotation = pulumi.output(args.previous).apply((previous) => nextRotation(previous, now, settings));
    const slots = SLOTS.map((slot, i) => {
      const member = this.rotation.apply((r) => r.members[i]);
      // The key and certificate follow the member, not the settings: a member keeps them for as long as it lives.
      const trigger = { replacementTrigger: member.apply((m) => `epoch-${m.epoch}`) };
      const key = new tls.PrivateKey(`${name}-${slot}-key`, { algorithm: "RSA", rsaBits: 3072 }, { parent: this, ...trigger });
      // Issued when created (at or after the member's epoch start), so it outlives the key credential's end date.
      const cert = new tls.SelfSignedCert(`${name}-${slot}-cert`, {
        privateKeyPem: key.privateKeyPem,
        subject: { commonName: args.commonName },
        validityPeriodHours: member.apply((m) => Math.round((Date.parse(m.endDate) - Date.parse(m.issuedAt)) / DAY_MS) * 24),
        allowedUses: ["digital_signature", "key_encipherment"],
      }, { parent: this, ...trigger });
      const registered = new azuread.ApplicationCertificate(`${name}-${slot}`, {
        applicationId: args.applicationId,
        type: "AsymmetricX509Cert",
        encoding: "pem",
        value: cert.certPem,
        endDate: member.apply((m) => m.endDate),
      }, { parent: this });
      return { pem: pulumi.interpolate`${key.privateKeyPem}${cert.certPem}`, id: registered.id };
    });
    this.members = pulumi.all([this.rotation, slots[0].id, slots[1].id]).apply(([r]) => nameMembers(name, r).members);
    this.pem = pulumi.secret(pulumi.all([this.rotation, slots[0].pem, slots[1].pem])
      .apply(([r, blue, green]) => (r.newest.slot === "blue" ? blue : green)));
    this.registerOutputs({ endDates: this.rotation.apply((r) => r.members.map((m) => m.endDate)) });
  }
}
