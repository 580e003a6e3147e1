export * from "./types";
export { diffPlans, summarize, itemName, resourceName } from "./changes";
export { escalationRules, escalationReasons, scopeContains, normalizeScope } from "./escalation";
export { renderMarkdown, headline, escapeCell, escapeInline, type RenderOptions } from "./markdown";
export { loadChangedCode, withCodeChanges } from "./code-changes";
