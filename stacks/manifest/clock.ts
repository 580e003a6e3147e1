/**
 * The rotation clock. `entra-workloads:now` pins it (the offline preview's `--now`, reproducible tests);
 * unset, it is the system clock — what `pulumi up` uses.
 *
 * Strict: a calendar date that exists (`2026-02-30` is refused, not read as March 2 as `Date.parse` does) and a year
 * up to 9997, so that every end date the plan derives (at most two years ahead: the longest credential lifetime)
 * keeps a four-digit year; ISO-8601 years above 9999 need a sign and six digits, which Graph's DateTimeOffset does
 * not take (https://learn.microsoft.com/graph/api/resources/passwordcredential — endDateTime is "ISO 8601 format
 * ... always in UTC time", e.g. 2014-01-01T00:00:00Z).
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;
const LAST_YEAR = 9997;
const EXAMPLE = "an ISO-8601 date such as 2026-11-23 or 2026-11-23T00:00:00Z";

export function parseClock(pinned: string | undefined): { now?: Date; problem?: string } {
  if (pinned === undefined) return {};
  if (pinned.trim() === "") return { problem: `expected ${EXAMPLE}, got an empty value` };
  const match = ISO.exec(pinned);
  if (!match) return { problem: `expected ${EXAMPLE}, got ${JSON.stringify(pinned)}` };
  const [year, month, day, hour = 0, minute = 0, second = 0] = match.slice(1, 7).map((part) => (part === undefined ? 0 : Number(part)));
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) {
    const why = month < 1 || month > 12 ? `there is no month ${match[2]}` : `${match[1]}-${match[2]} has no day ${match[3]}`;
    return { problem: `${JSON.stringify(pinned)} is not a date that exists (${why}); ${EXAMPLE}` };
  }
  if (hour > 23 || minute > 59 || second > 59) {
    return { problem: `${JSON.stringify(pinned)} is not a date that exists (its time of day is out of range: hours run 00–23, minutes and seconds 00–59); ${EXAMPLE}` };
  }
  if (year < 1970 || year > LAST_YEAR) {
    return { problem: `${JSON.stringify(pinned)} is out of range: the year must be from 1970 to ${LAST_YEAR}, so that end dates up to two years ahead keep four digits` };
  }
  const ms = Date.parse(pinned);
  if (Number.isNaN(ms)) return { problem: `expected ${EXAMPLE}, got ${JSON.stringify(pinned)}` };
  // The year as written is local to its offset: 9997-12-31T23:00:00-05:00 is 9998 in UTC, the clock every date of the
  // plan is in, and 1970-01-01T00:00:00+01:00 is 1969 (issue 12, fifth pass).
  if (ms < Date.UTC(1970, 0, 1) || ms >= Date.UTC(LAST_YEAR + 1, 0, 1)) {
    return { problem: `${JSON.stringify(pinned)} is ${new Date(ms).toISOString()} in UTC, out of range: the year must be from 1970 to ${LAST_YEAR} in UTC, so that end dates up to two years ahead keep four digits` };
  }
  return { now: new Date(ms) };
}
