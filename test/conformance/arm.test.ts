import { armCases } from "./arm.cases";
import { conformance } from "./run";

conformance("arm", armCases);
