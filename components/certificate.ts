import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import * as tls from "@pulumi/tls";
import { nameMembers, rotationPlan, type RotatingMember } from "./rotation";

export interface CertificateArgs {
  /** `/applications/{objectId}` of the application the certificate authenticates. */
  applicationId: pulumi.Input<string>;
  /** Subject common name of the self-signed certificates. */
  commonName: string;
  /** Validity of each certificate, in days. @default 180 */
  lifetimeDays?: number;
  /** A new certificate appears this often; the previous one stays valid meanwhile. @default 60 */
  rotateAfterDays?: number;
  /** Clock for rotation epochs. @default the system clock */
  now?: () => Date;
}

/**
 * Certificate credentials that rotate like secrets: per slot a fresh RSA key and self-signed certificate
 * (replaced when the slot's epoch changes), registered on the application with the epoch's end date.
 * The newest key and certificate, as one PEM, are what Key Vault holds.
 */
export class Certificate extends pulumi.ComponentResource {
  readonly members: RotatingMember[];
  readonly newest: RotatingMember;
  /** PEM of the newest private key followed by its certificate, as a Pulumi secret. */
  readonly pem: pulumi.Output<string>;

  constructor(name: string, args: CertificateArgs, opts?: pulumi.ComponentResourceOptions) {
    super("entra-workloads:index:Certificate", name, {}, opts);
    const lifetimeDays = args.lifetimeDays ?? 180;
    const plan = rotationPlan((args.now ?? (() => new Date()))(), lifetimeDays, args.rotateAfterDays ?? 60);
    const pems = plan.members.map((m) => {
      const trigger = { replacementTrigger: `epoch-${m.epoch}` };
      const key = new tls.PrivateKey(`${name}-${m.slot}-key`, { algorithm: "RSA", rsaBits: 3072 }, { parent: this, ...trigger });
      // Issued when created (at or after the epoch start), so it outlives the key credential's fixed end date.
      const cert = new tls.SelfSignedCert(`${name}-${m.slot}-cert`, {
        privateKeyPem: key.privateKeyPem,
        subject: { commonName: args.commonName },
        validityPeriodHours: lifetimeDays * 24,
        allowedUses: ["digital_signature", "key_encipherment"],
      }, { parent: this, ...trigger });
      new azuread.ApplicationCertificate(`${name}-${m.slot}`, {
        applicationId: args.applicationId,
        type: "AsymmetricX509Cert",
        encoding: "pem",
        value: cert.certPem,
        endDate: m.endDate,
      }, { parent: this });
      return pulumi.secret(pulumi.interpolate`${key.privateKeyPem}${cert.certPem}`);
    });
    const named = nameMembers(name, plan);
    this.members = named.members;
    this.newest = named.newest;
    this.pem = pems[named.newestIndex];
    this.registerOutputs({ endDates: this.members.map((m) => m.endDate) });
  }
}
