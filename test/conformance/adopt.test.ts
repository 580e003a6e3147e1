import { adoptCases } from "./adopt.cases";
import { conformance } from "./run";

conformance("adopt", adoptCases);
