/**
 * `npx tsx preview/cli/commands/changed-stacks.ts --base REF [--head REF] [--merge-base] [--existing-only] [--repo DIR]`
 * `npx tsx preview/cli/commands/changed-stacks.ts --base REF [--head REF] [--merge-base] --code [--repo DIR]`
 * `npx tsx preview/cli/commands/changed-stacks.ts --all [--repo DIR]`
 *
 * Prints the stacks a change touches as a JSON array (`["dev","prod"]`) for a workflow matrix.
 * A base that git cannot resolve (a first push, a force-push) means every stack.
 * `--code` prints instead the changed paths that are toolkit code (`changed-code.ts`); there an
 * unresolvable base is an error, never "nothing changed".
 * `--repo DIR` reads git and `stacks/` in DIR: the pull-request workflow runs the target branch's
 * copy of this script over a checkout of the pull request, never the pull request's own copy.
 * Exit 0; 2 on bad flags; 1 when git fails.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { parseArgs } from "node:util";
import { changedCode } from "../../changed-code";
import { changedStacks, stacksIn } from "../../changed-stacks";
import { InputError } from "../../files";
import { isUsageError, oneLine, processIo, type CommandIo } from "../../diff/io";

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

/** Runs the command; returns the exit code. */
export function main(argv: readonly string[], io: CommandIo = processIo, cwd = process.cwd()): number {
  try {
    const { values } = parseArgs({
      args: [...argv],
      allowPositionals: false,
      strict: true,
      options: {
        base: { type: "string" },
        head: { type: "string", default: "HEAD" },
        "merge-base": { type: "boolean", default: false },
        "existing-only": { type: "boolean", default: false },
        all: { type: "boolean", default: false },
        code: { type: "boolean", default: false },
        repo: { type: "string" },
      },
    });
    if (values.repo !== undefined && (values.repo === "" || !existsSync(values.repo))) throw new InputError(`--repo ${values.repo}: no such directory`);
    const repo = values.repo ?? cwd;
    if (values.code) {
      if (values.all || values["existing-only"]) throw new InputError("--code takes --base (and --head, --merge-base), not --all or --existing-only");
      if (values.base === undefined || values.base === "") throw new InputError("give --base REF with --code");
      if (!resolves(values.base, repo)) throw new Error(`base ${values.base} is not a commit here: cannot tell which code changed (fetch the full history)`);
      io.stdout(`${JSON.stringify(changedCode(changedFiles(values.base, values.head, values["merge-base"], repo)))}\n`);
      return 0;
    }
    const onDisk = stacksOnDisk(repo);
    let stacks: string[];
    if (values.all) {
      stacks = onDisk;
    } else {
      if (values.base === undefined || values.base === "") throw new InputError("give --base REF (or --all)");
      if (!resolves(values.base, repo)) {
        io.stderr(`changed-stacks: base ${values.base} is not a commit here (first push or force-push); taking every stack\n`);
        stacks = onDisk;
      } else {
        const result = changedStacks(changedFiles(values.base, values.head, values["merge-base"], repo), onDisk);
        if (result.sharedCodePath !== undefined) io.stderr(`changed-stacks: ${result.sharedCodePath} changed; every stack\n`);
        stacks = result.stacks;
      }
    }
    if (values["existing-only"]) stacks = stacks.filter((s) => onDisk.includes(s));
    io.stdout(`${JSON.stringify(stacks)}\n`);
    return 0;
  } catch (err) {
    io.stderr(`changed-stacks: ${oneLine(err)}\n`);
    return isUsageError(err) ? 2 : 1;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
