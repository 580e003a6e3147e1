import type { PlanProgress } from "../plan/run-plan";
import { REDRAW_LINE, type CommandIo } from "./io";

/** Plain lines (not a terminal) no more often than this, and only for stacks larger than {@link QUIET_UP_TO}. */
const LINE_INTERVAL_MS = 1000;
/** A terminal's line is redrawn no more often than this. */
const REDRAW_INTERVAL_MS = 100;
/** Stacks up to this many workloads plan in a few seconds: no progress lines in logs. */
export const QUIET_UP_TO = 100;

const count = (n: number) => n.toLocaleString("en-US");

/** `planning 300 workloads: 43% (1,098 of 2,553 resources)` */
export function progressText(p: PlanProgress): string {
  const percent = p.total > 0 ? Math.min(100, Math.floor((p.registered / p.total) * 100)) : 0;
  return `planning ${count(p.workloads)} workloads: ${percent}% (${count(Math.min(p.registered, p.total))} of ${count(p.total)} resources)`;
}

/**
 * Progress on stderr: on a terminal, one line redrawn in place (carriage return, erase line) and ended with a newline
 * when the plan is done; elsewhere (CI logs, files), a plain line at most once a second, for large stacks only.
 */
export function progressLine(io: CommandIo, clock: () => number = Date.now): { update: (p: PlanProgress) => void; end: () => void } {
  let last = 0;
  let shown: PlanProgress | undefined;
  const tty = io.stderrIsTTY === true;
  return {
    update(p) {
      const now = clock();
      if (!tty && p.workloads <= QUIET_UP_TO) return;
      if (now - last < (tty ? REDRAW_INTERVAL_MS : LINE_INTERVAL_MS) && p.registered < p.total) return;
      last = now;
      shown = p;
      io.stderr(tty ? `${REDRAW_LINE}${progressText(p)}` : `${progressText(p)}\n`);
    },
    end() {
      if (tty && shown) io.stderr(`${REDRAW_LINE}${progressText(shown)}\n`);
    },
  };
}
