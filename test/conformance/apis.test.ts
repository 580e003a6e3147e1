import { apisCases } from "./apis.cases";
import { conformance } from "./run";

conformance("apis", apisCases);
