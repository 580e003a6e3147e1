export { fromOutputs, fromPlan, parseOutputs, type WatchInput, type WatchedWorkload } from "./sources";
export { expiringIn, watchedCredentials, watchExpiry, type ExpiringCredential, type ExpiringWorkload, type ExpiryReport } from "./watch";
export { renderExpiry } from "./render";
