/**
 * `npm run snapshot -- --subscription ID [--subscription ID]... [--out FILE] [--print]`
 *
 * Reads the tenant through `az rest` (read-only) and writes the tenant snapshot `npm run drift` and
 * `npm run adopt` read: Graph v1.0 and ARM objects exactly as the APIs return them.
 */
import { writeOutput } from "../../files";
import { azCli, azGet, snapshotUrls, takeSnapshot, type AzRunner } from "../../tenant/requests";
import { invalidArgument, runCommandSync, type CommandSpec } from "../command";
import { EXIT } from "../exit-codes";
import { processIo, resolvePath, type CommandIo } from "../io";
import { checkOutputs } from "./options";

interface SnapshotOptions {
  subscription: string[];
  out: string;
  print?: boolean;
}

/** What tests replace: the Azure CLI and the clock. */
export interface SnapshotIo extends CommandIo {
  /** Runs `az` with these arguments. @default the Azure CLI */
  az?: AzRunner;
  now?: () => Date;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function subscription(value: string, previous: string[] = []): string[] {
  return GUID.test(value) ? [...previous, value] : invalidArgument(`"${value}" is not a subscription id (a GUID)`);
}

export const snapshotCommand: CommandSpec<SnapshotOptions> = {
  name: "snapshot",
  summary: "Take a read-only snapshot of the tenant with the Azure CLI (az login first) and write it as JSON: applications (with owners), servicePrincipals, appRoleAssignments, oauth2PermissionGrants, federatedIdentityCredentials, roleAssignments and userAssignedIdentities, every object as Graph or ARM returns it.",
  exits: [EXIT.ok, EXIT.invalid, EXIT.internal],
  define: (cmd) => cmd
    .requiredOption("--subscription <id>", "a subscription whose role assignments and user-assigned identities to read (repeatable)", subscription)
    .option("--out <file>", "where to write the snapshot", "tenant-snapshot.json")
    .option("--print", "print the az commands it runs, and run nothing"),
  help: "The signed-in identity needs only read access: Microsoft Graph Application.Read.All and Directory.Read.All, and Reader on each subscription.",
  run({ options, io }) {
    const { az = azCli, now = () => new Date() } = io as SnapshotIo;
    if (options.print) {
      io.stdout(`${snapshotUrls(options.subscription).map((url) => `az ${azGet(url).map((a) => (/[\s$?&{}]/.test(a) ? `'${a}'` : a)).join(" ")}`).join("\n")}\n`);
      return EXIT.ok;
    }
    checkOutputs(io, [["--out", options.out]], []);
    const snapshot = takeSnapshot({ subscriptions: options.subscription, run: az, now: now() });
    writeOutput(resolvePath(io, options.out), `${JSON.stringify(snapshot, null, 2)}\n`);
    io.stdout(`Wrote ${options.out}: ${snapshot.applications.length} applications, ${snapshot.servicePrincipals.length} service principals, ${snapshot.roleAssignments.length} role assignments, ${snapshot.userAssignedIdentities.length} user-assigned identities\n`);
    return EXIT.ok;
  },
};

/** Runs the snapshot command in this process; returns the exit code. */
export function main(argv: readonly string[], io: SnapshotIo = processIo()): number {
  return runCommandSync(snapshotCommand, argv, io);
}
