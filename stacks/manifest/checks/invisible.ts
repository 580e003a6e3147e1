import type { PathSegment, ProblemList } from "../problems";

/**
 * Characters a reader of a stack file does not see: C0/C1 controls other than tab and line feed (an escape sequence
 * retitles or clears the screen) and Unicode format characters (zero-width space and joiners, bidi overrides: a scope
 * or redirect URI that looks right and is not). Also the line and paragraph separators (U+2028, U+2029: a line break to
 * some readers, none to others) and Unicode's other default-ignorable code points (the Hangul fillers U+115F, U+3164,
 * U+FFA0, the combining grapheme joiner U+034F: rendered as nothing; Unicode §5.21,
 * https://www.unicode.org/reports/tr44/#Default_Ignorable_Code_Point), but not the variation selectors an emoji in a
 * description carries (U+FE00–U+FE0F, U+E0100–U+E01EF).
 */
export const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]|(?![\ufe00-\ufe0f\u{e0100}-\u{e01ef}])\p{Default_Ignorable_Code_Point}/u;

/** The first invisible character of `text`, as `U+200B`. */
export function describeInvisible(text: string): string {
  const match = INVISIBLE.exec(text);
  const code = match ? match[0].codePointAt(0) ?? 0 : 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * Invisible characters anywhere in a config value as the program receives it (issue 12, fifth pass): the offline
 * preview refuses them while reading the stack file (preview/runtime/stack-input.ts), but under `pulumi up` the engine
 * hands the program the config directly, and a zero-width space in a redirect URI, a federated subject or a tag, or a
 * bidi override in a description, passed. Keys at `skipKeysAt` (the workload names, which their own check judges)
 * are left to it.
 */
export function checkInvisible(value: unknown, at: readonly PathSegment[], problems: ProblemList, skipKeysAt?: string): void {
  const seen = new Set<object>();
  const visit = (v: unknown, path: readonly PathSegment[]): void => {
    if (typeof v === "string") {
      if (INVISIBLE.test(v)) problems.add(path, `contains ${describeInvisible(v)}, an invisible or control character; retype the value without it`);
      return;
    }
    if (v === null || typeof v !== "object" || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, [...path, i]));
      return;
    }
    const skipKeys = path.join(".") === skipKeysAt;
    for (const [key, item] of Object.entries(v)) {
      if (!skipKeys && INVISIBLE.test(key)) problems.add([...path, key], `the key contains ${describeInvisible(key)}, an invisible or control character; retype the key without it`);
      visit(item, [...path, key]);
    }
  };
  visit(value, at);
}
