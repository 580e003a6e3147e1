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
