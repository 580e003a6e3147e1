/**
 * `npm run adopt -- --snapshot FILE --into STACKFILE (--app DISPLAYNAME|APPID)... [--all-owned-by OBJECTID] [--out FILE]`
 *
 * Adds workload entries for existing applications and managed identities to a stack file, with the import ids the
 * first `pulumi up` adopts them by (no duplicate identities, the same client ids), and reports what was found on
 * them that the manifest does not keep.
 */
import { parseArgs } from "node:util";
import { InputError } from "../../files";
import { isUsageError, oneLine, processIo, type CommandIo } from "../../diff/io";
import { writeOutput } from "../../files";
import { adoptAll, chooseIdentities } from "../../tenant/adopt";
import { addWorkloads, openStackFile } from "../../tenant/adopt-file";
import { renderAdoption } from "../../tenant/adopt-render";
import { loadSnapshot } from "../../tenant/snapshot";

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

const USAGE = "usage: npm run adopt -- --snapshot FILE --into STACKFILE (--app DISPLAYNAME|APPID)... [--all-owned-by OBJECTID] [--out FILE] [--report FILE.md]";

const HELP = `${USAGE}

Adds a workload entry to the stack file for each chosen existing application (with its service principal) or
user-assigned managed identity in the tenant snapshot (\`npm run snapshot\`): its display name, owners, redirect
URIs, requested permissions by catalog name (consent left as it is: adminConsent: false), a rotating secret or
certificate where it has one, and an adopt block with the ids \`pulumi up\` imports it by (Pulumi's import option),
so nothing is created twice and the client id stays. Existing secrets, certificates, federated credentials,
grants and role assignments are left as they are and listed in the report.

  --snapshot FILE        the tenant snapshot
  --into STACKFILE       the stack file (stacks/Pulumi.<stack>.yaml); comments and other keys are kept
  --app NAME|ID          an application's display name or app id, or a managed identity's name, ARM id or client id (repeatable)
  --all-owned-by ID      every application this object (user or service principal) owns
  --out FILE             write the new stack file there instead of over --into
  --report FILE.md       also write the adoption report there

Then: npm run plan -- --stack-file <the file>. Exit codes: 0 adopted; 2 bad input.
`;

/** Runs the adopt command; returns the exit code. */
export function main(argv: readonly string[], io: CommandIo = processIo): number {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        snapshot: { type: "string" },
        into: { type: "string" },
        app: { type: "string", multiple: true },
        "all-owned-by": { type: "string" },
        out: { type: "string" },
        report: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    if (values.help) {
      io.stdout(HELP);
      return EXIT_OK;
    }
    if (positionals.length > 0) throw new InputError(`unexpected argument "${positionals[0]}"; ${USAGE}`);
    if (values.snapshot === undefined || values.into === undefined) throw new InputError(`give --snapshot and --into; ${USAGE}`);
    const selectors = values.app ?? [];
    if (selectors.length === 0 && values["all-owned-by"] === undefined) throw new InputError(`choose what to adopt with --app or --all-owned-by; ${USAGE}`);

    const snapshot = loadSnapshot(values.snapshot);
    const stack = openStackFile(values.into);
    const adoptions = adoptAll(snapshot, chooseIdentities(snapshot, selectors, values["all-owned-by"]), stack.names);
    const text = addWorkloads(stack, adoptions, values.snapshot);
    const target = values.out ?? values.into;
    writeOutput(target, text);
    const report = renderAdoption(adoptions, target);
    if (values.report !== undefined) writeOutput(values.report, report);
    io.stdout(report);
    io.stdout(`\nWrote ${target}. Next: npm run plan -- --stack-file ${target}\n`);
    return EXIT_OK;
  } catch (err) {
    io.stderr(`adopt: ${oneLine(err)}\n`);
    return isUsageError(err) ? EXIT_BAD_INPUT : EXIT_FAILED;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
