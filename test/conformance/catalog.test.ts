import { catalogCases } from "./catalog.cases";
import { conformance } from "./run";

conformance("catalog", catalogCases);
