import type { YAMLError } from "yaml";

/**
 * A YAML syntax error as `file:line:column: message`, followed by the offending source line(s) and a caret as the
 * yaml library frames them (its `prettyErrors`, on by default). Never cut off: the frame is what shows the fix.
 */
export function describeYamlError(error: YAMLError, file: string): string {
  const [head = "", ...frame] = error.message.split("\n");
  const at = error.linePos?.[0];
  const message = head.replace(/ at line \d+, column \d+:?$/, "");
  const location = at ? `${file}:${at.line}:${at.col}` : file;
  const context = frame.join("\n").replace(/^\n+|\n+$/g, "");
  return context === "" ? `${location}: ${message}` : `${location}: ${message}\n${context.split("\n").map((line) => `  ${line}`).join("\n")}`;
}
