import { markdownCell, markdownCode, markdownInline } from "../text-escape";
import type { Adoption } from "./adopt";

/** The adoption report: which workloads were adopted, and what was found on them that the manifest does not keep. */
export function renderAdoption(adoptions: readonly Adoption[], target: string): string {
  const lines = [`## Adopted into ${markdownCell(target)}`, ""];
  for (const a of adoptions) {
    lines.push(`### ${markdownInline(a.name)} (${a.kind === "application" ? "application" : "managed identity"}): ${markdownCell(a.source)}`, "");
    const adopt = a.entry.adopt as Record<string, string>;
    lines.push(`Imported on the first \`pulumi up\` by ${Object.entries(adopt).map(([k, v]) => `${k} ${markdownCode(v)}`).join(", ")}.`, "");
    if (a.flagged.length) lines.push("Flagged:", ...a.flagged.map((f) => `- ${markdownCell(f)}`), "");
    if (a.notKept.length) lines.push("Found on it, not kept by the manifest:", ...a.notKept.map((f) => `- ${markdownCell(f)}`), "");
    if (!a.flagged.length && !a.notKept.length) lines.push("Nothing found on it that the manifest does not keep.", "");
  }
  return lines.join("\n");
}
