/**
 * The clock the offline preview pins (`--now`), handed to the program by the process that runs it rather than through
 * stack config: a stack file cannot set it, so under `pulumi up` the program always reads the system clock and any
 * `entra-workloads:now` in config is refused (checks/config-keys.ts) instead of freezing rotation at that date.
 *
 * A process-wide registry entry (`Symbol.for`) rather than a module variable: the runner and the program it imports
 * may hold different copies of this module (the test runner gives every program run a fresh module registry).
 */
const KEY = Symbol.for("entra-workloads.offline-clock");

type ClockHolder = { [KEY]?: Date };

/** Pins (or, with `undefined`, unpins) the clock the next program run in this process reads. */
export function pinOfflineClock(at: Date | undefined): void {
  (globalThis as ClockHolder)[KEY] = at;
}

/** The clock the offline runner pinned; `undefined` under `pulumi up`, where the system clock rules. */
export function offlineClock(): Date | undefined {
  return (globalThis as ClockHolder)[KEY];
}
