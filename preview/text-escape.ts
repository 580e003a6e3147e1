/**
 * Text from a user's files on its way to a terminal: C0 and C1 control characters (other than newline and tab) and
 * Unicode bidi/format characters are shown as `\u{1b}` instead of being sent raw — an escape sequence in a manifest
 * value would otherwise retitle the terminal, clear the screen or hide text (ECMA-48 control functions; the
 * "Trojan Source" bidi overrides, https://trojansource.codes).
 */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\p{Cf}]/gu;

export function visibleControls(text: string): string {
  return text.replace(RAW, (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`);
}

/**
 * Every line ending CommonMark knows (CR alone included: "a line ending is a line feed, a carriage return not followed
 * by a line feed, or a carriage return and a following line feed", https://spec.commonmark.org/0.31.2/#line-ending),
 * and the ones other readers break lines at (NEL, LS, PS, VT, FF): one line of Markdown must not become two.
 */
const LINE_BREAKS = /\r\n|[\r\n\u000b\u000c\u0085\u2028\u2029]/g;

/** One line of text, controls and bidi/format characters shown as `\u{..}`: safe for a terminal and for a Markdown line. */
export function oneLine(text: string): string {
  return visibleControls(text.replace(LINE_BREAKS, " "));
}

/**
 * Text safe inside a Markdown table cell or heading: one line, `\` and `|` escaped, HTML brackets neutralised (no
 * `<img>`, `<script>`), and square brackets escaped so no link or image forms (`![x](https://…)` in a display name or
 * description would load a picture from anywhere in a pull-request comment; CommonMark: "Any ASCII punctuation
 * character may be backslash-escaped", https://spec.commonmark.org/0.31.2/#backslash-escapes; images and links need
 * an unescaped `[`, https://spec.commonmark.org/0.31.2/#images).
 */
export function markdownCell(text: string): string {
  return oneLine(text).replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/[[\]]/g, (c) => `\\${c}`);
}

/** Text safe anywhere in a Markdown line: {@link markdownCell} and every inline-syntax character escaped (no link, image, emphasis, code span or heading). */
export function markdownInline(text: string): string {
  // "-" and "+" start a list item only at the start of a line: inside a name (graph-daemon) they stay as they are.
  return markdownCell(text).replace(/[`*_()!#~{}]/g, (c) => `\\${c}`).replace(/^[-+]/, (c) => `\\${c}`);
}

/** A code span holding `text`: backticks cannot close it early, one line, pipes escaped (GFM tables split on them even in code). */
export function markdownCode(text: string): string {
  return "`" + oneLine(text).replace(/`/g, "'").replace(/\|/g, "\\|") + "`";
}

/**
 * JSON for a terminal or a log: as JSON.stringify, with every control, bidi/format and line-separator character that
 * JSON lets through raw (DEL, C1, U+200E…, U+2028) written as a `\uXXXX` escape, so the text stays the same JSON
 * (RFC 8259 §7: any character may be escaped) and nothing reaches the terminal raw.
 */
export function jsonForTerminal(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f\p{Cf}\u2028\u2029]/gu, (c) =>
    c.split("").map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`).join(""));
}
