import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ALL_CASES, AREAS } from "./all-cases";
import { README, conformanceTable, readmeTable, withTable } from "./readme-table";

/** A Microsoft / GitHub docs URL, or a file of a source tree at a named commit. */
const CITABLE = /^(https:\/\/\S+|[\w./-]+@[0-9a-f]{8,40}:\S+)$/;

describe("the README's 'What the preview catches' table", () => {
  it("lists every area's cases file", () => {
    const files = readdirSync(__dirname).filter((f) => f.endsWith(".cases.ts")).map((f) => f.replace(/\.cases\.ts$/, "")).sort();
    expect(Object.keys(AREAS).sort()).toEqual(files);
  });

  it("has one case per rule, each citing a source and the real error", () => {
    const rules = ALL_CASES.map((c) => c.rule);
    expect(rules.filter((r, i) => rules.indexOf(r) !== i)).toEqual([]);
    for (const c of ALL_CASES) {
      expect(c.rule, c.rule).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      for (const source of c.source.split(" ; ")) expect(source, c.rule).toMatch(CITABLE);
      expect(c.realError.length, `${c.rule}: realError`).toBeGreaterThan(0);
      expect(c.catches.length, `${c.rule}: catches`).toBeGreaterThan(0);
    }
  });

  it("is in step with the conformance suite", () => {
    const expected = conformanceTable(ALL_CASES);
    if (process.env.UPDATE_README === "1") writeFileSync(README, withTable(readFileSync(README, "utf8"), expected));
    expect(readmeTable(), "run: UPDATE_README=1 npx vitest run test/conformance/readme.test.ts").toBe(expected);
  });
});
