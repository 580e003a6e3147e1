/**
 * `npm run snapshot -- --subscription ID [--subscription ID]... [--out FILE] [--print]`
 *
 * Reads the tenant through `az rest` (read-only) and writes the tenant snapshot `npm run drift` and
 * `npm run adopt` read: Graph v1.0 and ARM objects exactly as the APIs return them.
 */
import { parseArgs } from "node:util";
import { InputError } from "../../files";
import { isUsageError, oneLine, processIo, type CommandIo } from "../../diff/io";
import { writeOutput } from "../../files";
import { azCli, azGet, snapshotUrls, takeSnapshot, type AzRunner } from "../../tenant/requests";

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

const USAGE = "usage: npm run snapshot -- --subscription ID [--subscription ID]... [--out FILE] [--print]";

const HELP = `${USAGE}

Takes a read-only snapshot of the tenant with the Azure CLI (\`az login\` first) and writes it as JSON
(default tenant-snapshot.json). Keys: applications (with owners), servicePrincipals, appRoleAssignments,
oauth2PermissionGrants, federatedIdentityCredentials (per application object id), roleAssignments and
userAssignedIdentities (each with its federatedIdentityCredentials); every object as Graph or ARM returns it.

The signed-in identity needs only read access: Microsoft Graph Application.Read.All and Directory.Read.All,
and Reader on each subscription.

  --subscription ID   a subscription whose role assignments and user-assigned identities to read (repeatable)
  --out FILE          where to write the snapshot (default tenant-snapshot.json)
  --print             print the az commands it runs, and run nothing

Exit codes: 0 written (or printed); 2 bad arguments; 1 az failed (not installed, not logged in, a 403).
`;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Runs the snapshot command; `run` is the Azure CLI (tests pass one answering with documented responses). */
export function main(argv: readonly string[], io: CommandIo = processIo, run: AzRunner = azCli, now: () => Date = () => new Date()): number {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        subscription: { type: "string", multiple: true },
        out: { type: "string" },
        print: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    if (values.help) {
      io.stdout(HELP);
      return EXIT_OK;
    }
    if (positionals.length > 0) throw new InputError(`unexpected argument "${positionals[0]}"; ${USAGE}`);
    const subscriptions = values.subscription ?? [];
    if (subscriptions.length === 0) throw new InputError(`give at least one --subscription (the role assignments and managed identities live there); ${USAGE}`);
    const bad = subscriptions.find((s) => !GUID.test(s));
    if (bad !== undefined) throw new InputError(`--subscription: "${bad}" is not a subscription id (a GUID)`);
    if (values.print) {
      io.stdout(`${snapshotUrls(subscriptions).map((url) => `az ${azGet(url).map((a) => (/[\s$?&{}]/.test(a) ? `'${a}'` : a)).join(" ")}`).join("\n")}\n`);
      return EXIT_OK;
    }
    const snapshot = takeSnapshot({ subscriptions, run, now: now() });
    const out = values.out ?? "tenant-snapshot.json";
    writeOutput(out, `${JSON.stringify(snapshot, null, 2)}\n`);
    io.stdout(`Wrote ${out}: ${snapshot.applications.length} applications, ${snapshot.servicePrincipals.length} service principals, ${snapshot.roleAssignments.length} role assignments, ${snapshot.userAssignedIdentities.length} user-assigned identities\n`);
    return EXIT_OK;
  } catch (err) {
    io.stderr(`snapshot: ${oneLine(err)}\n`);
    return isUsageError(err) ? EXIT_BAD_INPUT : EXIT_FAILED;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
