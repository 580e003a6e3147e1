import type { KeyVaultSpec, WorkloadSpec } from "../../model/workload-spec";

/** A validated manifest with every name resolved against the catalogs: what the components consume. */
export interface Manifest {
  keyVault: KeyVaultSpec;
  workloads: WorkloadSpec[];
}
