import { markdownCell, oneLine } from "../text-escape";

/** A GitHub-flavoured Markdown table; cells are escaped so a `|` or a newline never breaks a row. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (text: string) => markdownCell(text);
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [line(headers), `| ${headers.map(() => "---").join(" | ")} |`, ...rows.map(line)].join("\n");
}

export const code = (text: string): string => "`" + oneLine(text).replace(/`/g, "'") + "`";

/** `2027-01-15T00:00:00Z` → `2027-01-15`. */
export const day = (iso: string | undefined): string => (iso ? iso.slice(0, 10) : "—");
