/**
 * Issue 12 ("workload keys that YAML reads as numbers change silently"), as Pulumi reads a stack file: with
 * gopkg.in/yaml.v3, whose plain scalars are not YAML 1.2's (preview/runtime/go-yaml.ts). Offline must read what
 * `pulumi up` reads, keys and values alike.
 */
import { describe, expect, it } from "vitest";
import { readStackFile } from "../../preview/runtime/stack-file";
import { goYamlPlainValue } from "../../preview/runtime/go-yaml";
import { file, PROD, stackFileProblem } from "./second-pass/support";

describe("yaml.v3's reading of an untagged plain scalar (resolve.go v3.0.1, Go's strconv)", () => {
  it.each([
    ["012", 10], ["0o17", 15], ["0x1F", 31], ["0X1f", 31], ["0b101", 5], ["-0b11", -3], ["1_000", 1000], ["+12", 12], ["-7", -7],
    ["08", 8], ["09.5", 9.5], ["1e3", 1000], ["1.5", 1.5], [".5", 0.5], ["-.inf", Number.NEGATIVE_INFINITY],
    ["true", true], ["FALSE", false], ["~", null], ["", null], ["Null", null],
    ["9223372036854775807", 9223372036854775807], ["18446744073709551615", 18446744073709551615],
  ])("%j is %j", (text, value) => {
    expect(goYamlPlainValue(text)).toEqual(value);
  });

  it.each(["yes", "no", "on", "off", "y", "N", "tRUE", "0x", "1e", "1e400", "-", "+", "0b2", "abc", "1.2.3", "12abc", ".", "..5", "0o8"])("%j stays text", (text) => {
    expect(goYamlPlainValue(text)).toBe(text);
  });

  it.each([
    ["2026-12-31", "2026-12-31 00:00:00 +0000 UTC"],
    ["2026-1-2", "2026-01-02 00:00:00 +0000 UTC"],
    ["2026-12-31T10:20:30Z", "2026-12-31 10:20:30 +0000 UTC"],
    ["2026-12-31t10:20:30.500Z", "2026-12-31 10:20:30.5 +0000 UTC"],
    ["2026-12-31 10:20:30", "2026-12-31 10:20:30 +0000 UTC"],
    ["2026-12-31T10:20:30+02:00", "2026-12-31 10:20:30 +0200 +0200"],
  ])("the timestamp %j reaches the program as Go prints a time: %j", (text, printed) => {
    expect(goYamlPlainValue(text)).toBe(printed);
  });

  it.each(["2026-02-30", "2026-13-01", "2026-12-31T25:00:00Z", "2026-12-31T10:20Z"])("%j is no timestamp, and stays text", (text) => {
    expect(goYamlPlainValue(text)).toBe(text);
  });
});

const withTags = (lines: string) => PROD.replace("      environment: prod\n", `      environment: prod\n${lines}`);
const configOf = (text: string) => readStackFile(file(text, `Pulumi.y${Math.random().toString(36).slice(2, 8)}.yaml`)).config;

describe("stack-file values reach the offline program as Pulumi passes them", () => {
  it.each([["012", 10], ["1_000", 1000], ["0b11", 3], ["true", true]])("a tag value %s is %j, as under pulumi up (the manifest then refuses a non-text tag)", (text, value) => {
    const defaults = JSON.parse(configOf(withTags(`      tier: ${text}\n`))["entra-workloads:defaults"]) as { tags: Record<string, unknown> };
    expect(defaults.tags.tier).toEqual(value);
  });

  it("a date is the text Go prints for it", () => {
    const defaults = JSON.parse(configOf(withTags("      since: 2026-12-31\n"))["entra-workloads:defaults"]) as { tags: Record<string, unknown> };
    expect(defaults.tags.since).toBe("2026-12-31 00:00:00 +0000 UTC");
  });

  it.each(["yes", "on", "'012'", '"0b11"'])("%s stays the text written", (text) => {
    const defaults = JSON.parse(configOf(withTags(`      tier: ${text}\n`))["entra-workloads:defaults"]) as { tags: Record<string, unknown> };
    expect(defaults.tags.tier).toBe(text.replace(/^['"]|['"]$/g, ""));
  });

  it("a merge key (<<) merges, as yaml.v3 does", () => {
    const text = PROD.replace("config:\n", "x-shared: &shared\n  owner: platform\nconfig:\n").replace("      environment: prod\n", "      environment: prod\n      <<: *shared\n");
    const defaults = JSON.parse(configOf(text)["entra-workloads:defaults"]) as { tags: Record<string, unknown> };
    expect(defaults.tags.owner).toBe("platform");
    expect(defaults.tags).not.toHaveProperty("<<");
  });

  it("a date-like tag key is refused: Pulumi would rename it", () => {
    expect(stackFileProblem(withTags("      2026-12-31: x\n"))).toContain('Pulumi\'s YAML reader takes this key for the text "2026-12-31 00:00:00 +0000 UTC"');
  });
});
