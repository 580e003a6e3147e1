import { createHash } from "node:crypto";

/** `Log Analytics Reader` → `log-analytics-reader`: readable pieces of logical names. */
export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

/** Eight hex digits that stand for a long value (a scope) in a logical name. */
export function shortHash(text: string): string {
  return createHash("sha256").update(text.toLowerCase()).digest("hex").slice(0, 8);
}
