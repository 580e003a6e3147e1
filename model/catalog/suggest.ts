import { distance } from "fastest-levenshtein";

/** The `count` candidates closest to `name` (case-insensitive edit distance), best first. */
export function closest(name: string, candidates: Iterable<string>, count = 3): string[] {
  const needle = name.toLowerCase();
  const scored: { candidate: string; score: number }[] = [];
  for (const candidate of candidates) {
    const hay = candidate.toLowerCase();
    // A candidate that contains what was typed ("Graph" in "Microsoft Graph") beats any near-miss by distance.
    const contains = needle.length >= 3 && hay.includes(needle);
    scored.push({ candidate, score: distance(needle, hay) - (contains ? 1000 : 0) });
  }
  scored.sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate));
  return scored.slice(0, count).map((s) => s.candidate);
}

/** `did you mean "A", "B" or "C"?` — empty when there is nothing to suggest. */
export function didYouMean(name: string, candidates: Iterable<string>, count = 3): string {
  const hits = closest(name, candidates, count);
  if (hits.length === 0) return "";
  const quoted = hits.map((h) => `"${h}"`);
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
  return ` — did you mean ${list}?`;
}
