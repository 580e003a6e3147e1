/**
 * Issue 12, fourth pass: new instances of classes the earlier passes fixed, whose message still misled.
 * - "--now 2026-02-30 plans as March 2": a time of day out of range was told "2026-11 has no day 23".
 * - "a malformed policy setting switches a mandatory rule off": 1e999 (JSON reads it as Infinity) was shown as null.
 */
import { describe, expect, it } from "vitest";
import { parseClock } from "../../../stacks/manifest/clock";
import { settingProblem } from "../../../preview/policy-settings";

describe("a clock that does not exist is told why (issue 12, fourth pass)", () => {
  it.each([
    ["2026-11-23T25:00:00Z", "its time of day is out of range"],
    ["2026-11-23T23:60:00Z", "its time of day is out of range"],
    ["2026-11-23T23:59:61Z", "its time of day is out of range"],
    ["2026-13-01", "there is no month 13"],
    ["2026-00-10", "there is no month 00"],
    ["2026-04-31", "2026-04 has no day 31"],
  ])("%s: %s", (text, why) => {
    const problem = parseClock(text).problem ?? "";
    expect(problem).toContain(`is not a date that exists (${why}`);
    if (why.startsWith("its time")) expect(problem).not.toContain("has no day");
  });
});

describe("a policy setting JSON reads as Infinity is shown as written (issue 12, fourth pass)", () => {
  it.each([
    ["1e999", Number.POSITIVE_INFINITY, "Infinity (a number too large to read)"],
    ["-1e999", Number.NEGATIVE_INFINITY, "-Infinity (a number too large to read)"],
    ["a 500-character string", "x".repeat(500), "…"],
  ])("%s", (_what, value, shown) => {
    const problem = settingProblem({ type: "integer", minimum: 1 }, value) ?? "";
    expect(problem).toContain(shown);
    expect(problem).not.toContain("null");
    expect(problem.length).toBeLessThan(120);
  });
});
