export { parseManifest, type ParseResult, type RawManifest, type ParseOptions } from "./parse";
export { formatProblems, formatPath, type Problem } from "./problems";
export type { Manifest } from "./model";
export { MAX_SECRET_LIFETIME_DAYS } from "./schema";
export { overlapProblem, MAX_FEDERATED_CREDENTIALS } from "./checks/credentials";
export { isArmScope } from "./checks/roles";
export { ManifestError, isManifestError } from "./error";
export { parseClock } from "./clock";
export { readManifestConfig } from "./config";
