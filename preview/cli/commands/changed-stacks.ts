/**
 * `npm run changed-stacks -- --base REF [--head REF] [--merge-base] [--existing-only] [--repo DIR]`
 * `npm run changed-stacks -- --base REF [--head REF] [--merge-base] --code [--repo DIR]`
 * `npm run changed-stacks -- --all [--repo DIR]`
 *
 * Prints the stacks a change touches as a JSON array (`["dev","prod"]`) for a workflow matrix.
 * A base that git cannot resolve (a first push, a force-push) means every stack.
 * `--code` prints instead the changed paths that are toolkit code (`changed-code.ts`); there an
 * unresolvable base is an error, never "nothing changed".
 * `--repo DIR` reads git and `stacks/` in DIR: the pull-request workflow runs the target branch's
 * copy of this command over a checkout of the pull request, never the pull request's own copy.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { Option } from "commander";
import { changedCode } from "../../changed-code";
import { changedStacks, stacksIn } from "../../changed-stacks";
import { InputError } from "../../files";
import { jsonForTerminal, oneLine } from "../../text-escape";
import { runCommandSync, type CommandSpec } from "../command";
import { EXIT } from "../exit-codes";
import { processIo, resolvePath, type CommandIo } from "../io";

interface ChangedStacksOptions {
  base?: string;
  head: string;
  mergeBase?: boolean;
  existingOnly?: boolean;
  all?: boolean;
  code?: boolean;
  repo?: string;
}

function git(args: readonly string[], cwd: string): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
}

function resolves(ref: string, cwd: string): boolean {
  if (/^0+$/.test(ref)) return false;
  try {
    git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], cwd);
    return true;
  } catch {
    return false;
  }
}

/** Stacks whose file exists in the working tree (the head checkout). */
function stacksOnDisk(cwd: string): string[] {
  const dir = `${cwd}/stacks`;
  return existsSync(dir) ? stacksIn(readdirSync(dir).map((f) => `stacks/${f}`)) : [];
}

/** `git diff --name-only` of the range, deletions and both sides of a rename included. */
function changedFiles(base: string, head: string, mergeBase: boolean, cwd: string): string[] {
  const range = mergeBase ? `${base}...${head}` : `${base}..${head}`;
  return git(["diff", "--name-only", "--no-renames", "-z", range], cwd).split("\0").filter((f) => f !== "");
}

export const changedStacksCommand: CommandSpec<ChangedStacksOptions> = {
  name: "changed-stacks",
  summary: "Print the stacks a change touches as a JSON array for a workflow matrix (a change to shared code means every stack), or with --code the changed toolkit paths.",
  exits: [EXIT.ok, EXIT.invalid, EXIT.internal],
  define: (cmd) => cmd
    .addOption(new Option("--base <ref>", "the commit before the change; one git cannot resolve (a first push, a force-push) means every stack").conflicts("all"))
    .option("--head <ref>", "the commit after it", "HEAD")
    .option("--merge-base", "compare with the merge base of --base and --head (a pull request), not --base itself")
    .addOption(new Option("--existing-only", "leave out stacks whose file the change deleted").conflicts("code"))
    .addOption(new Option("--all", "every stack in stacks/").conflicts(["code", "existingOnly"]))
    .option("--code", "print the changed paths that are toolkit code instead (the code that computes access); an unresolvable --base is then an error")
    .option("--repo <dir>", "read git and stacks/ there (default: where you stand)"),
  help: "Examples:\n  npm run --silent changed-stacks -- --base main --merge-base           # the stacks of your branch\n  npm run --silent changed-stacks -- --base main --merge-base --code    # the toolkit files it changes",
  run({ options, io }) {
    const repo = resolvePath(io, options.repo ?? ".");
    if (options.repo !== undefined && (options.repo === "" || !existsSync(repo))) throw new InputError(`--repo ${options.repo}: no such directory`);
    if (options.code) {
      if (options.base === undefined || options.base === "") throw new InputError("give --base REF with --code");
      if (!resolves(options.base, repo)) throw new Error(`base ${options.base} is not a commit here: cannot tell which code changed (fetch the full history)`);
      io.stdout(`${jsonForTerminal(changedCode(changedFiles(options.base, options.head, options.mergeBase === true, repo)))}\n`);
      return EXIT.ok;
    }
    const onDisk = stacksOnDisk(repo);
    let stacks: string[];
    if (options.all) {
      stacks = onDisk;
    } else {
      if (options.base === undefined || options.base === "") throw new InputError("give --base REF (or --all)");
      if (!resolves(options.base, repo)) {
        io.stderr(`changed-stacks: base ${oneLine(options.base)} is not a commit here (first push or force-push); taking every stack\n`);
        stacks = onDisk;
      } else {
        const result = changedStacks(changedFiles(options.base, options.head, options.mergeBase === true, repo), onDisk);
        if (result.sharedCodePath !== undefined) io.stderr(`changed-stacks: ${oneLine(result.sharedCodePath)} changed; every stack\n`);
        stacks = result.stacks;
      }
    }
    if (options.existingOnly) stacks = stacks.filter((s) => onDisk.includes(s));
    io.stdout(`${JSON.stringify(stacks)}\n`);
    return EXIT.ok;
  },
};

/** Runs the command in this process; returns the exit code. */
export function main(argv: readonly string[], io: CommandIo = processIo()): number {
  return runCommandSync(changedStacksCommand, argv, io);
}
