import * as pulumi from "@pulumi/pulumi";
import type { ClientId, ServicePrincipalObjectId } from "../model/ids";

/** What other workloads need of a workload of the stack: its client id and its principal (service principal or managed identity). */
export interface StackPrincipal {
  clientId: pulumi.Output<ClientId>;
  principalObjectId: pulumi.Output<ServicePrincipalObjectId>;
}

interface Slot {
  resolve: (p: StackPrincipal) => void;
  clientId: pulumi.Output<ClientId>;
  principalObjectId: pulumi.Output<ServicePrincipalObjectId>;
  registered: boolean;
}

/**
 * The stack's workloads by name, for references between them (`apiPermissions[].api`, `secretReaders`) in any
 * declaration order: `get` hands out outputs at once that resolve to the named workload's own outputs once it is
 * declared, carrying its resources as dependencies (an output returned from `apply` keeps the inner output's
 * resources), so a grant waits for the service principal it names. The manifest has checked every name.
 */
export class StackPrincipals {
  private readonly slots = new Map<string, Slot>();

  private slot(name: string): Slot {
    let slot = this.slots.get(name);
    if (!slot) {
      let resolve!: (p: StackPrincipal) => void;
      const promise = new Promise<StackPrincipal>((r) => { resolve = r; });
      const principal = pulumi.output(promise.then(() => undefined)).apply(() => promise);
      slot = {
        resolve,
        clientId: principal.apply((p) => p.clientId),
        principalObjectId: principal.apply((p) => p.principalObjectId),
        registered: false,
      };
      this.slots.set(name, slot);
    }
    return slot;
  }

  /** Called by each workload once its identity is declared. */
  register(name: string, principal: StackPrincipal): void {
    const slot = this.slot(name);
    if (slot.registered) throw new Error(`workload ${name} is registered twice`);
    slot.registered = true;
    slot.resolve(principal);
  }

  get(name: string): StackPrincipal {
    const slot = this.slot(name);
    return { clientId: slot.clientId, principalObjectId: slot.principalObjectId };
  }
}
