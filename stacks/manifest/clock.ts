/**
 * The rotation clock. `entra-workloads:now` pins it (the offline preview's `--now`, reproducible tests);
 * unset, it is the system clock — what `pulumi up` uses.
 */
export function parseClock(pinned: string | undefined): { now?: Date; problem?: string } {
  if (pinned === undefined || pinned === "") return {};
  const ms = Date.parse(pinned);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}/.test(pinned)) {
    return { problem: `expected an ISO-8601 date such as 2026-11-23 or 2026-11-23T00:00:00Z, got "${pinned}"` };
  }
  return { now: new Date(ms) };
}
