/**
 * `npm run adopt -- --snapshot FILE --into STACKFILE (--app DISPLAYNAME|APPID)... [--all-owned-by OBJECTID] [--out FILE]`
 *
 * Adds workload entries for existing applications and managed identities to a stack file, with the import ids the
 * first `pulumi up` adopts them by (no duplicate identities, the same client ids), and reports what was found on
 * them that the manifest does not keep.
 */
import { InputError, writeOutput } from "../../files";
import { adoptAll, chooseIdentities } from "../../tenant/adopt";
import { addWorkloads, openStackFile } from "../../tenant/adopt-file";
import { renderAdoption } from "../../tenant/adopt-render";
import { loadSnapshot } from "../../tenant/snapshot";
import { collect, runCommandSync, type CommandSpec } from "../command";
import { EXIT } from "../exit-codes";
import { processIo, resolvePath, type CommandIo } from "../io";
import { checkOutputs } from "./options";

interface AdoptOptions {
  snapshot: string;
  into: string;
  app?: string[];
  allOwnedBy?: string;
  out?: string;
  report?: string;
}

export const adoptCommand: CommandSpec<AdoptOptions> = {
  name: "adopt",
  summary: "Add a workload entry to the stack file for each chosen existing application (with its service principal) or user-assigned managed identity in the tenant snapshot (npm run snapshot), with an adopt block: the ids pulumi up imports it by (Pulumi's import option), so nothing is created twice and the client id stays.",
  exits: [EXIT.ok, EXIT.invalid, EXIT.internal],
  define: (cmd) => cmd
    .requiredOption("--snapshot <file>", "the tenant snapshot")
    .requiredOption("--into <stack-file>", "the stack file (stacks/Pulumi.<stack>.yaml); comments and other keys are kept")
    .option("--app <name-or-id>", "an application's display name or app id, or a managed identity's name, ARM id or client id (repeatable)", collect)
    .option("--all-owned-by <object-id>", "every application this object (user or service principal) owns")
    .option("--out <file>", "write the new stack file there instead of over --into")
    .option("--report <file.md>", "also write the adoption report there"),
  help: "Each entry keeps the display name, owners, redirect URIs and requested permissions by catalog name (consent left as it is: adminConsent: false), and asks for a rotating secret or certificate where the application has one. Existing secrets, certificates, federated credentials, grants and role assignments are left as they are and listed in the report.\n\nThen: npm run plan -- --stack-file <the file>.",
  run({ options, io }) {
    const selectors = options.app ?? [];
    if (selectors.length === 0 && options.allOwnedBy === undefined) throw new InputError("choose what to adopt with --app or --all-owned-by; see npm run adopt -- --help");
    // Writing over --into is the point (without --out); every other input must stay as it is.
    checkOutputs(io, [["--out", options.out], ["--report", options.report]], [options.snapshot]);
    checkOutputs(io, [["--report", options.report]], [options.into]);
    const snapshot = loadSnapshot(resolvePath(io, options.snapshot));
    const stack = openStackFile(resolvePath(io, options.into));
    const adoptions = adoptAll(snapshot, chooseIdentities(snapshot, selectors, options.allOwnedBy), stack.names);
    const text = addWorkloads(stack, adoptions, options.snapshot);
    const target = options.out ?? options.into;
    writeOutput(resolvePath(io, target), text);
    const report = renderAdoption(adoptions, target);
    if (options.report !== undefined) writeOutput(resolvePath(io, options.report), report);
    io.stdout(report);
    io.stdout(`\nWrote ${target}. Next: npm run plan -- --stack-file ${target}\n`);
    return EXIT.ok;
  },
};

/** Runs the adopt command in this process; returns the exit code. */
export function main(argv: readonly string[], io: CommandIo = processIo()): number {
  return runCommandSync(adoptCommand, argv, io);
}
