import { hostileCases } from "./hostile.cases";
import { conformance } from "./run";

conformance("hostile", hostileCases);
