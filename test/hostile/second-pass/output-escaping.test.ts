import { readFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { PlanFile } from "../../../preview/plan/plan-file";
import { renderSummary } from "../../../preview/report/terminal";
import { markdownCell, markdownCode, markdownInline, oneLine } from "../../../preview/text-escape";
import { runCommand } from "../../support/cli";
import { dir, file } from "./support";

const EVIL = "a|b <img src=x onerror=alert(1)> \u001b]0;pwned\u0007 \u001b[2J \u009b31m \u202e `t` [x](javascript:alert(1))\r## Forged\u2028# Also\n# Forged";
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** What a reviewer must never get from manifest or plan text: raw controls, HTML, a forged heading or a live link. */
function expectInert(text: string): void {
  expect(text).not.toMatch(RAW);
  // Inside a code span HTML and links are literal text (https://spec.commonmark.org/0.31.2/#code-spans).
  text = text.replace(/`[^`\n]*`/g, "`…`");
  expect(text).not.toMatch(/<img|<script/);
  expect(text).not.toMatch(/^#+ (Forged|Also)/m);
  expect(text).not.toMatch(/[^\\]\]\(javascript/);
}

describe("class 8, second pass: escaping for Markdown and the terminal", () => {
  let plan: PlanFile;
  beforeAll(async () => {
    const result = await runCommand("plan", ["--stack", "prod", "--now", "2026-11-23", "--out", path.join(dir, "prod")]);
    expect(result.code, result.stderr).toBe(0);
    plan = JSON.parse(readFileSync(path.join(dir, "prod", "plan.json"), "utf8")) as PlanFile;
  }, 120_000);

  it.each([["oneLine", oneLine], ["markdownCell", markdownCell], ["markdownInline", markdownInline], ["markdownCode", markdownCode]])("%s leaves one inert line", (_name, escape) => {
    const shown = escape(EVIL);
    expect(shown.split("\n")).toHaveLength(1);
    expect(shown).not.toMatch(RAW);
    expect(shown).not.toMatch(/[\r\u2028\u2029\u0085]/);
  });

  it("a code span cannot be closed early", () => {
    expect(markdownCode("a`b|c")).toBe("`a'b\\|c`");
  });

  it("verify --explain and expiry of a plan.json holding hostile text print it inert", async () => {
    const hostile = structuredClone(plan);
    const w = hostile.workloads[0];
    w.name = EVIL;
    w.description = EVIL;
    for (const c of w.credentials) Object.assign(c, { name: EVIL, ...("subject" in c ? { subject: EVIL, issuer: EVIL } : {}) });
    for (const r of w.roleAssignments) Object.assign(r, { role: EVIL, scope: EVIL });
    const at = file(JSON.stringify(hostile), "hostile-plan.json");
    for (const argv of [["verify", "--plan", at, "--explain"], ["expiry", "--plan", at, "--now", "2030-01-01", "--within-days", "3650"]]) {
      const [command, ...rest] = argv;
      const result = await runCommand(command, rest);
      expect([0, 4], result.stderr).toContain(result.code);
      expectInert(result.stdout + result.stderr);
    }
  });

  it("the terminal summary shows hostile plan text without controls", () => {
    const hostile = structuredClone(plan);
    hostile.workloads[0].name = EVIL;
    hostile.workloads[0].description = EVIL;
    expect(renderSummary(hostile)).not.toMatch(RAW);
  });
});
