import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../preview/cli/commands/diff";
import { escapeInline, type AccessDiff } from "../../preview/diff";
import { baselineWorkloads, plan, tempDir, writeJson, writeScenario } from "./fixtures";
import { runInProcess } from "./run";

/** Runs `npm run diff` in-process with `--json` and `--out`; returns exit code, stdout, the JSON and the Markdown. */
function diff(base: string, head: string, ...flags: string[]) {
  const dir = tempDir("code-diff-");
  const json = join(dir, "diff.json");
  const md = join(dir, "diff.md");
  const r = runInProcess(main, [base, head, "--json", json, "--out", md, ...flags]);
  return { ...r, json: JSON.parse(readFileSync(json, "utf8")) as AccessDiff, markdown: readFileSync(md, "utf8") };
}

describe("npm run diff --changed-code: the code that computes access changed", () => {
  it("reports a pull request that edits preview/diff/escalation.ts as an escalation even when its plans are identical", () => {
    const dir = tempDir();
    const same = writeJson(dir, "plan.json", plan(baselineWorkloads()));
    const code = writeJson(dir, "changed-code.json", ["preview/diff/escalation.ts"]);
    const r = diff(same, same, "--changed-code", code, "--fail-on-escalation");
    expect(r.code).toBe(3);
    expect(r.json.changes).toEqual([]);
    expect(r.json.code).toEqual({ paths: ["preview/diff/escalation.ts"] });
    expect(r.json.summary).toEqual({ added: 0, removed: 0, changed: 0, escalations: 1 });
    expect(r.stdout).toBe("The code that computes access changed; no access changes in the plans; 1 escalation\n");
    const lines = r.markdown.split("\n");
    expect(lines[0]).toBe("**The code that computes access changed; no access changes in the plans; 1 escalation**");
    expect(lines[2]).toBe("#### ⚠️ The code that computes access changed");
    expect(r.markdown).toContain("- preview/diff/escalation.ts\n");
  });

  it("shows the code change first, before the plans' own escalations, and counts both", () => {
    const files = writeScenario("workload-added");
    const code = writeJson(files.dir, "changed-code.json", ["components/workload.ts", "package.json"]);
    const r = diff(files.base, files.head, "--changed-code", code);
    expect(r.code).toBe(0);
    expect(r.json.summary.escalations).toBe(3 + 1);
    expect(r.markdown.split("\n")[0]).toBe("**The code that computes access changed; 1 workload added; 4 escalations**");
    const codeAt = r.markdown.indexOf("#### ⚠️ The code that computes access changed");
    expect(codeAt).toBeGreaterThan(0);
    expect(codeAt).toBeLessThan(r.markdown.indexOf("#### ⚠️ Escalations"));
    expect(r.markdown).toContain("- components/workload.ts\n- package.json\n");
  });

  it("keeps today's review byte for byte when only stack files changed (an empty list)", () => {
    const files = writeScenario("workload-added");
    const none = writeJson(files.dir, "changed-code.json", []);
    const today = diff(files.base, files.head);
    const withFlag = diff(files.base, files.head, "--changed-code", none);
    expect(withFlag.markdown).toBe(today.markdown);
    expect(withFlag.json).toEqual(today.json);
    expect(withFlag.json).not.toHaveProperty("code");
    expect(withFlag.stdout).toBe(today.stdout);
  });

  it("lists at most 50 paths, then says how many more", () => {
    const dir = tempDir();
    const same = writeJson(dir, "plan.json", plan(baselineWorkloads()));
    const paths = Array.from({ length: 53 }, (_, i) => `components/f${String(i).padStart(2, "0")}.ts`);
    const r = diff(same, same, "--changed-code", writeJson(dir, "changed-code.json", paths));
    expect(r.markdown).toContain("- components/f49.ts\n- … and 3 more\n");
    expect(r.markdown).not.toContain("f50");
  });

  it("renders hostile file names as text: no link, image, HTML or code span reaches the comment", () => {
    const dir = tempDir();
    const same = writeJson(dir, "plan.json", plan(baselineWorkloads()));
    const hostile = ["![x](https://evil.example/p.png).ts", "<img src=x onerror=alert(1)>.ts", "[approve](https://evil.example).ts", "`x`|y.ts"];
    const r = diff(same, same, "--changed-code", writeJson(dir, "changed-code.json", hostile));
    expect(r.markdown).not.toMatch(/!\[x\]\(|<img|\[approve\]\(|`x`/);
    expect(r.markdown).toContain("- \\!\\[x\\]\\(https://evil.example/p.png\\).ts");
    expect(r.markdown).toContain("- &lt;img src=x onerror=alert\\(1\\)&gt;.ts");
    expect(escapeInline("a*b_c")).toBe("a\\*b\\_c");
  });

  it.each([
    ["not a list", { paths: ["index.ts"] }, /not a list of changed paths \(\(top level\): /],
    ["a non-string entry", ["index.ts", 3], /not a list of changed paths \(\[1\]: /],
    ["a path with a newline", ["index.ts\n## Approved"], /\[0\]: a path with a control character/],
    ["an empty path", [""], /\[0\]: /],
  ])("refuses a --changed-code file that is %s (exit 2, names the entry)", (_what, content, message) => {
    const dir = tempDir();
    const same = writeJson(dir, "plan.json", plan(baselineWorkloads()));
    const file = writeJson(dir, "changed-code.json", content);
    const r = runInProcess(main, [same, same, "--changed-code", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it("refuses a missing or non-JSON --changed-code file (exit 2), never reads it as 'nothing changed'", () => {
    const dir = tempDir();
    const same = writeJson(dir, "plan.json", plan(baselineWorkloads()));
    expect(runInProcess(main, [same, same, "--changed-code", join(dir, "absent.json")])).toMatchObject({ code: 2, stderr: expect.stringMatching(/no such file/) });
    writeFileSync(join(dir, "bad.json"), "");
    expect(runInProcess(main, [same, same, "--changed-code", join(dir, "bad.json")])).toMatchObject({ code: 2, stderr: expect.stringMatching(/not JSON/) });
  });
});
