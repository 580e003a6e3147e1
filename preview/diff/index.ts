export * from "./types";
export { InputError, loadPlan, parsePlan, readJsonFile, emptyPlan } from "./load";
export { diffPlans, summarize, itemName, resourceName } from "./changes";
export { escalationRules, escalationReasons, scopeContains, normalizeScope } from "./escalation";
export { renderMarkdown, headline, escapeCell, escapeInline, type RenderOptions } from "./markdown";
export { loadChangedCode, withCodeChanges } from "./code-changes";
