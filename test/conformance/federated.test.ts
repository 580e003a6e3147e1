import { federatedCases } from "./federated.cases";
import { conformance } from "./run";

conformance("federated", federatedCases);
