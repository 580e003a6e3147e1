import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { readStackFile } from "../../preview/runtime/stack-file";
import { parseClock } from "../../stacks/manifest/clock";
import { runCommand } from "../support/cli";
import { ROOT } from "../support/program";

const PROD = readFileSync(path.join(ROOT, "stacks", "Pulumi.prod.yaml"), "utf8");
const dir = mkdtempSync(path.join(tmpdir(), "hostile-"));
let n = 0;
function stackFile(text: string | Buffer): string {
  const file = path.join(dir, `Pulumi.h${n++}.yaml`);
  writeFileSync(file, text);
  return file;
}
/** The prod stack with `extra` appended under config (two-space indented lines). */
const withConfig = (extra: string) => PROD.replace("config:\n", `config:\n${extra}`);
/** The prod stack with one more workload, `key`, whose body is law-reader's. */
const withWorkload = (key: string, body = "      description: x\n      credentials:\n        - type: certificate\n") =>
  PROD.replace("  entra-workloads:workloads:\n", `  entra-workloads:workloads:\n    ${key}:\n${body}`);
const refused = (text: string | Buffer) => {
  const file = stackFile(text);
  let message = "";
  try {
    readStackFile(file);
  } catch (error) {
    message = (error as Error).message;
  }
  return message;
};

describe("stack-file keys the program would silently ignore (issue 12)", () => {
  it.each([
    ["entra-workloads:workload", "entra-workloads:workloads"],
    ["entra-workloads:keyvault", "entra-workloads:keyVault"],
    ["entra-workloads:default", "entra-workloads:defaults"],
    ["entra-workloads:owners", "entra-workloads:"],
  ])("refuses %s, suggesting the key it meant", (key, suggestion) => {
    const message = refused(withConfig(`  ${key}: {}\n`));
    expect(message).toContain(`config ${key}: the program reads no such key`);
    expect(message).toContain(suggestion);
  });

  it.each(["2026-11-23", "2026-01-01T00:00:00Z", "\"\""])("refuses a clock pinned in the stack file (entra-workloads:now: %s)", (value) => {
    expect(refused(withConfig(`  entra-workloads:now: ${value}\n`))).toContain("config entra-workloads:now: a pinned clock does not belong in a stack file");
  });

  it("lets other namespaces' keys through", () => {
    expect(refused(withConfig("  azure-native:subscriptionId: 00000000-0000-0000-0000-000000000001\n  other:thing: 1\n"))).toBe("");
  });
});

describe("workload keys YAML reads as numbers, and invisible characters (issue 12)", () => {
  // As Pulumi reads them (gopkg.in/yaml.v3: preview/runtime/go-yaml.ts): 012 is octal, 1_0 is ten.
  it.each([["012", "10"], ["0x1F", "31"], ["1e3", "1000"], ["0o17", "15"], ["1_0", "10"], ["0b101", "5"]])("refuses the workload key %s", (key, value) => {
    const message = refused(withWorkload(key));
    expect(message).toContain(`workloads.${key}: Pulumi's YAML reader takes this workload key for the number ${value}`);
    expect(message).toContain(`quote it ("${key}")`);
  });

  it("accepts the same keys quoted", () => {
    expect(refused(withWorkload("\"012\""))).toBe("");
  });

  it.each([
    ["a zero-width space in a scope", "\u200b", "U+200B"],
    ["a right-to-left override", "\u202e", "U+202E"],
    ["an escape sequence", "\u001b]0;pwned\u0007", "U+001B"],
    ["a byte-order mark inside", "\ufeff", "U+FEFF"],
  ])("refuses %s, naming the path and the character", (_what, char, code) => {
    const text = PROD.replace("/providers/Microsoft.OperationalInsights/workspaces/law-platform-prod", `/providers/Microsoft.OperationalInsights/workspaces/law-platform-prod${char}`);
    const message = refused(text);
    expect(message).toContain(`workloads.law-reader.roles[0].scope: contains ${code}`);
  });

  it("refuses a zero-width character in a workload key", () => {
    expect(refused(withWorkload("app\u200b"))).toContain("the key contains U+200B");
  });
});

describe("stack-file size, encoding and parse cost (issue 12)", () => {
  it("refuses a device such as /dev/zero at once", () => {
    const started = Date.now();
    expect(() => readStackFile("/dev/zero")).toThrow("/dev/zero is not a regular file");
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("refuses a file over 4 MiB before parsing it, naming the limit", () => {
    const keys = Array.from({ length: 300_000 }, (_, i) => `    w${i}: {}\n`).join("");
    const started = Date.now();
    expect(refused(withConfig(`  entra-workloads:extra:\n${keys}`))).toMatch(/is larger than 4 MiB \(\d+\.\d MiB\)/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("refuses a billion-laughs alias bomb by its expanded size, quickly", () => {
    const lines = ["  a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]"];
    for (let i = 1; i < 12; i++) lines.push(`  a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(", ")}]`);
    const started = Date.now();
    expect(refused(withConfig(`${lines.join("\n")}\n`))).toMatch(/aliases expand too far|with YAML aliases expanded, is larger than 32 MiB/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it.each([["a workload", "    law-reader:\n      credentials: [{ type: certificate }]\n", "workloads.law-reader"], ["a key in the config", "  azure-native:location: westeurope\n", "azure-native:location"]])("refuses %s that appears twice, in linear time", (_what, extra, at) => {
    const text = extra.startsWith("    ") ? PROD.replace("  entra-workloads:workloads:\n", `  entra-workloads:workloads:\n${extra}`) : withConfig(extra);
    const message = refused(text);
    expect(message).toMatch(/appears twice|not valid YAML/);
    if (message.includes("appears twice")) expect(message).toContain(at);
  });

  it("accepts a role list shared through an anchor by 150 workloads", () => {
    const workloads = Array.from({ length: 150 }, (_, i) => `    w${i}:\n      credentials: [{ type: certificate }]\n      roles: ${i === 0 ? "&roles " : "*roles"}${i === 0 ? "[{ role: Reader, scope: /subscriptions/00000000-0000-0000-0000-000000000001 }]" : ""}\n`).join("");
    const text = PROD.replace(/ {2}entra-workloads:workloads:\n[\s\S]*$/, `  entra-workloads:workloads:\n${workloads}`);
    const file = stackFile(text);
    const config = readStackFile(file).config;
    expect(Object.keys(JSON.parse(config["entra-workloads:workloads"]) as object)).toHaveLength(150);
  });

  it.each([
    ["UTF-16 LE", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(PROD, "utf16le")]), "is UTF-16"],
    ["UTF-16 BE", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(PROD, "utf16le").swap16()]), "is UTF-16"],
    ["Latin-1", Buffer.from(PROD.replace("Queries the", "Requêtes du"), "latin1"), "is not UTF-8 (byte 0xea"],
  ])("names the encoding of a %s file", (_what, bytes, expected) => {
    expect(refused(bytes)).toContain(expected);
  });

  it("names the line of the first byte that is not UTF-8", () => {
    expect(refused(Buffer.from(PROD.replace("Queries the", "Requêtes du"), "latin1"))).toContain(`line ${PROD.slice(0, PROD.indexOf("Queries the")).split("\n").length}:`);
  });
});

describe("the pinned clock is a date that exists (issue 12)", () => {
  it.each(["2026-02-30", "2026-02-29", "2025-04-31", "2026-13-01", "2026-00-10", "2026-11-23T24:00:00Z", "2026-11-23T10:61:00Z"])("refuses %s", (text) => {
    expect(parseClock(text).problem).toMatch(/is not a date that exists/);
  });

  it.each(["9999-12-31", "9998-01-01", "1969-12-31", "0000-01-01"])("refuses the out-of-range year of %s", (text) => {
    expect(parseClock(text).problem).toMatch(/the year must be from 1970 to 9997/);
  });

  it.each(["", " ", "2026-11-23 ", "+002026-11-23", "2026-11-23T00:00:00"])("refuses %j", (text) => {
    expect(parseClock(text).problem).toBeDefined();
  });

  it.each([["2028-02-29", "2028-02-29T00:00:00.000Z"], ["2026-11-23T01:02:03+02:00", "2026-11-22T23:02:03.000Z"], ["9997-12-31", "9997-12-31T00:00:00.000Z"]])("accepts %s", (text, iso) => {
    expect(parseClock(text).now?.toISOString()).toBe(iso);
  });

  it.each(["2026-02-30", "9999-12-31", ""])("plan --now %j exits 2 and writes nothing", async (value) => {
    const out = mkdtempSync(path.join(tmpdir(), "hostile-now-"));
    const result = await runCommand("plan", ["--stack", "prod", "--now", value, "--out", out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--now/);
  });
});

describe("encrypted values and YAML tags (issue 12)", () => {
  it.each(["myapp:dbPassword", "azure-native:clientSecret", "other:token"])("an encrypted %s, which the program never reads, is left out", (key) => {
    const file = stackFile(withConfig(`  ${key}:\n    secure: AAABAJ2x8c0=\n`));
    expect(readStackFile(file).config[key]).toBeUndefined();
  });

  it.each(["entra-workloads:workloads", "entra-workloads:keyVault", "azure-native:location"])("an encrypted %s, which the program reads, is refused saying why", (key) => {
    const text = PROD.replace(new RegExp(`^  ${key}:.*\\n((?: {4}.*\\n)*)`, "m"), `  ${key}:\n    secure: AAABAJ2x8c0=\n`);
    expect(refused(text)).toContain(`config ${key} is encrypted (secure:), and the program reads it`);
  });

  it("a tag named secure inside the manifest is plain data", () => {
    expect(refused(PROD.replace("      environment: prod\n", "      environment: prod\n      secure: no\n"))).toBe("");
  });

  it.each(["!vault", "!!binary", "!Ref"])("an unknown tag %s is refused with its line and column", (tag) => {
    const message = refused(PROD.replace("description: Queries the platform", `description: ${tag} Queries the platform`));
    if (tag === "!!binary") {
      expect(message === "" || message.includes("tag")).toBe(true);
    } else {
      expect(message).toContain("uses a YAML tag Pulumi does not read");
      expect(message).toMatch(new RegExp(`:17:\\d+: Unresolved tag: ${tag}`));
    }
  });
});
