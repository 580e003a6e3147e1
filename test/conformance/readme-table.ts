import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { ConformanceCase } from "./case";

export const README = path.resolve(__dirname, "..", "..", "README.md");
export const START = "<!-- conformance:start (generated from test/conformance/*.cases.ts; UPDATE_README=1 npx vitest run test/conformance/readme.test.ts) -->";
export const END = "<!-- conformance:end -->";

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

/** Each source (several are separated by " ; ") as a link when it is a URL, a provider or spec path as code. */
function sourceCell(sources: string): string {
  return sources.split(" ; ").map(oneSource).join("<br>");
}

function oneSource(source: string): string {
  if (/^https:\/\//.test(source)) {
    const label = source.replace(/^https:\/\/(learn\.microsoft\.com\/[a-z-]+\/|)/, "").replace(/[?#].*$/, "");
    return `[${cell(label)}](${source})`;
  }
  return "`" + cell(source) + "`";
}

/** The README table, one row per case, in the order the cases are listed. */
export function conformanceTable(cases: readonly ConformanceCase[]): string {
  const rows = cases.map((c) => {
    const verdict = c.expect.exit === 2 ? "2 (manifest)" : `3 (\`${c.expect.code}\`)`;
    return `| \`${c.rule}\` | ${cell(c.catches)} | ${verdict} | ${sourceCell(c.source)} |`;
  });
  return ["| rule | what would otherwise fail | exit | source |", "|---|---|---|---|", ...rows].join("\n");
}

/** The README's table as it stands between the markers, or undefined when the markers are missing. */
export function readmeTable(text: string = readFileSync(README, "utf8")): string | undefined {
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) return undefined;
  return text.slice(start + START.length, end).trim();
}

export function withTable(text: string, table: string): string {
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  return `${text.slice(0, start + START.length)}\n${table}\n${text.slice(end)}`;
}
