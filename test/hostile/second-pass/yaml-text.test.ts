import { describe, expect, it } from "vitest";
import { parseManifest } from "../../../stacks/manifest";
import { PROD, stackFileProblem } from "./support";

const withWorkload = (key: string) => PROD.replace("  entra-workloads:workloads:\n", `  entra-workloads:workloads:\n    ${key}:\n      credentials:\n        - type: certificate\n`);
const withTag = (line: string) => PROD.replace("      environment: prod\n", `      environment: prod\n      ${line}\n`);

describe("class 5, second pass: keys Pulumi's YAML reader (yaml.v3) reads as something else", () => {
  it.each([[".inf", "number Infinity"], ["-.inf", "number -Infinity"], [".nan", "number NaN"], ["~", "null"], ["null", "null"], ["true", "boolean true"], ["False", "boolean false"], ["+12", "number 12"], ["1.5", "number 1.5"], ["0b11", "number 3"], ["1_0", "number 10"], ["08", "number 8"], ["2026-12-31", 'text "2026-12-31 00:00:00 +0000 UTC"']])(
    "refuses the workload key %s", (key, read) => {
      expect(stackFileProblem(withWorkload(key))).toContain(`workloads.${key}: Pulumi's YAML reader takes this workload key for ${read === "null" ? "null" : `the ${read}`}`);
    });

  it.each(["yes", "no", "on", "off", "y", "Yes"])("reads the workload key %s as text, as yaml.v3 does (YAML 1.1's booleans are gone)", (key) => {
    expect(stackFileProblem(withWorkload(key))).toBe("");
  });

  it.each([["012: x", '"012"', "the number 10"], ["0x1F: x", '"0x1F"', "the number 31"], ["1e3: x", '"1e3"', "the number 1000"], ["true: x", '"true"', "the boolean true"], ["~: x", '"~"', "null"], ["0o17: x", '"0o17"', "the number 15"]])(
    "refuses the tag key in %s: the tag would be renamed", (line, key, read) => {
      expect(stackFileProblem(withTag(line))).toContain(`defaults.tags[${key}]: Pulumi's YAML reader takes this key for ${read}`);
    });

  it("a quoted tag key is text", () => {
    expect(stackFileProblem(withTag('"012": x'))).toBe("");
  });

  it.each([["tags", { tags: { env: 12 } }], ["displayName", { displayName: 12 }], ["description", { description: true }]])("a %s value YAML reads as a number or boolean is refused by the manifest", (_what, extra) => {
    const parsed = parseManifest({ keyVault: { name: "kv-app", resourceGroupName: "rg-app", create: true }, workloads: { app: { credentials: [{ type: "certificate" }], ...extra } } }, { location: "westeurope" });
    expect(parsed.errors.length).toBeGreaterThan(0);
  });
});

describe("class 5, second pass: invisible characters in every free-text field", () => {
  const fields: [string, string, string][] = [
    ["a description", "description: Queries the platform", "workloads.law-reader.description"],
    ["a tag value", "      environment: prod", "defaults.tags.environment"],
    ["a scope", "/workspaces/law-platform-prod", "workloads.law-reader.roles[0].scope"],
    ["the key vault name", "name: kv-workloads-prod", "keyVault.name"],
  ];
  const characters = ["\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202c", "\u2061", "\u2064", "\u2066", "\u2069", "\u00ad", "\u034f", "\u3164", "\u115f", "\uffa0", "\u2028", "\u2029", "\u180e", "\u{e0041}"];
  it.each(characters.map((c) => [`U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`, c]))("refuses %s wherever it is", (code, char) => {
    for (const [, anchor, at] of fields) {
      const text = PROD.replace(anchor, `${anchor}${char}`);
      expect(text).not.toBe(PROD);
      expect(stackFileProblem(text)).toContain(`${at}: contains ${code}`);
    }
  });

  it.each(["\u00a0", "\u3000", "\u2764\ufe0f", "caf\u00e9", "\u65e5\u672c"])("accepts %j in a description (visible text: spaces, emoji with a variation selector, letters)", (text) => {
    expect(stackFileProblem(PROD.replace("description: Queries the platform", `description: Queries ${text} the platform`))).toBe("");
  });
});
