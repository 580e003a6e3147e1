import { manifestCases } from "./manifest.cases";
import { conformance } from "./run";

conformance("manifest", manifestCases);
