/**
 * One exit-code table for every command (`npm run plan`, `diff`, `expiry`, `verify`, `drift`, `snapshot`, `adopt`,
 * `changed-stacks`, `bench`, `catalog`). Pipelines read these: plan 0/1/2/3, diff 3 on an escalation, expiry 4, drift
 * 5, verify 6. The README's "Exit codes" table is rendered from `EXIT_CODES` (test/exit-codes.test.ts keeps it so).
 */
export const EXIT = {
  /** Done; nothing to report. */
  ok: 0,
  /** plan: planned, but a mandatory policy failed. */
  policy: 1,
  /** Bad input: arguments, manifest, config, waivers, tenant file, a plan, outputs or snapshot that is not one. */
  invalid: 2,
  /** plan: Azure would refuse a resource. */
  rejected: 3,
  /** diff --fail-on-escalation: a change gives more access. */
  escalation: 3,
  /** expiry: a credential ends within the window. */
  expiring: 4,
  /** drift: the tenant differs from the plan. */
  drift: 5,
  /** verify: a check failed. */
  verifyFailed: 6,
  /** Not the input's fault: a bug, or the environment (git, az) failing. One line on stderr; --debug for the trace. */
  internal: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface ExitCodeRow {
  code: ExitCode;
  /** What the code means for every command that can end with it. */
  meaning?: string;
  /** What it means for one command: its own wording, or a note added to `meaning`. */
  per?: Readonly<Record<string, string>>;
  /** The commands that can end with it. */
  commands: "all" | readonly string[];
}

/** The table, one row per code. */
export const EXIT_CODES: readonly ExitCodeRow[] = [
  {
    code: EXIT.ok, meaning: "done, nothing to report", commands: "all",
    per: { plan: "advisory findings allowed", verify: "checks only the host or a person can make are listed, not failed" },
  },
  { code: EXIT.policy, per: { plan: "planned, but a mandatory policy failed (plan and report written)" }, commands: ["plan"] },
  {
    code: EXIT.invalid, commands: "all",
    meaning: "bad input: arguments (an unknown flag, command or stack is named with the closest ones), manifest, config, waivers, " +
      "`--tenant` file, a missing or malformed plan, outputs or snapshot; every problem named, YAML errors with line, column and the source line",
  },
  {
    code: EXIT.rejected, commands: ["plan", "diff"],
    per: { plan: "Azure would refuse a resource (nothing written)", diff: "an escalation, with `--fail-on-escalation`" },
  },
  { code: EXIT.expiring, per: { expiry: "a credential ends within the window" }, commands: ["expiry"] },
  { code: EXIT.drift, per: { drift: "drift found" }, commands: ["drift"] },
  { code: EXIT.verifyFailed, per: { verify: "a verification check failed" }, commands: ["verify"] },
  {
    code: EXIT.internal, commands: "all",
    meaning: "an internal failure, not the input's fault: a bug, or a program the command runs failing (`git`; `az` not installed, " +
      "not logged in, a 403); one line on stderr, `--debug` for the stack trace",
  },
];

const rowOf = (code: ExitCode): ExitCodeRow => {
  const row = EXIT_CODES.find((r) => r.code === code);
  if (!row) throw new Error(`exit code ${code} is not in the table`);
  return row;
};

/** The README's "Exit codes" table. */
export function exitCodeMarkdown(): string {
  const cell = (row: ExitCodeRow) => {
    const only = row.meaning === undefined && row.commands !== "all" && row.commands.length === 1;
    const per = Object.entries(row.per ?? {}).map(([command, text]) => (only ? text : `\`${command}\`: ${text}`));
    return row.meaning === undefined ? per.join(". ") : per.length === 0 ? row.meaning : `${row.meaning} (${per.join("; ")})`;
  };
  const commands = (row: ExitCodeRow) => (row.commands === "all" ? "all" : row.commands.map((c) => `\`${c}\``).join(", "));
  return [
    "| exit | meaning | commands |",
    "|---|---|---|",
    ...EXIT_CODES.map((row) => `| ${row.code} | ${cell(row)} | ${commands(row)} |`),
  ].join("\n");
}

/** What `code` means for `command`, in plain text. */
export function exitMeaning(command: string, code: ExitCode): string {
  const row = rowOf(code);
  if (row.commands !== "all" && !row.commands.includes(command)) throw new Error(`${command} does not end with exit code ${code}`);
  const own = row.per?.[command];
  const text = row.meaning === undefined ? own ?? "" : own === undefined ? row.meaning : `${row.meaning} (${own})`;
  return text.replace(/`/g, "");
}

/** The codes a command can end with, for the end of its `--help`. */
export function exitCodesHelp(command: string, codes: readonly ExitCode[]): string {
  return `Exit codes:\n${codes.map((code) => `  ${String(code).padStart(2)}  ${exitMeaning(command, code)}`).join("\n")}\n`;
}
