export { parseManifest, type ParseResult, type RawManifest, type ParseOptions } from "./parse";
export { formatProblems, formatPath, type Problem } from "./problems";
export type { Manifest } from "./model";
export { ManifestError, isManifestError } from "./error";
export { parseClock } from "./clock";
export { readManifestConfig } from "./config";
