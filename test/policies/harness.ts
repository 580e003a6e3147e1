import * as pulumi from "@pulumi/pulumi";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { evaluatePolicies, type EvaluateOptions, type PolicyResourceInput } from "../../preview/policy-evaluator";
import type { PlanViolation } from "../../preview/plan/plan-file";
import { expectFound, microsoftGraph, permission, role, roleDefinitionResourceId } from "../../model/catalog";

/** The evaluation instant every policy test uses. */
export const NOW = new Date("2026-06-01T00:00:00Z");
export const SUBSCRIPTION = "/subscriptions/00000000-0000-4000-8000-000000000001";
export const RESOURCE_GROUP = `${SUBSCRIPTION}/resourceGroups/rg-mon`;

const STACK = "test";
const PROJECT = "entra-workloads";
const captured: PolicyResourceInput[] = [];

/**
 * Routes every registration to an in-memory list (process-global: each test file calls this once,
 * before it creates resources). Resources come back with their inputs as state.
 */
export function installMocks(): Promise<void> {
  return pulumi.runtime.setMocks({
    newResource: (args) => {
      captured.push({
        type: args.type,
        name: args.name,
        urn: `urn:pulumi:${STACK}::${PROJECT}::${args.type}::${args.name}`,
        props: args.inputs as Record<string, unknown>,
      });
      return { id: `${args.name}-id`, state: args.inputs as Record<string, unknown> };
    },
    call: (args) => args.inputs as Record<string, unknown>,
  }, PROJECT, STACK, false);
}

/** Waits until `resources` are registered and returns what Azure would receive for each. */
export async function registered(...resources: pulumi.CustomResource[]): Promise<PolicyResourceInput[]> {
  const urns = await Promise.all(resources.map((r) => new Promise<string>((resolve) => r.urn.apply(resolve))));
  return urns.map((urn) => {
    const name = urn.slice(urn.lastIndexOf("::") + 2);
    const hit = captured.find((c) => c.name === name);
    if (!hit) throw new Error(`resource ${name} was not registered`);
    return hit;
  });
}

/** Findings of one rule (or the whole pack) on the given resources, judged at NOW. */
export function findings(resources: PolicyResourceInput[], rule?: ResourceValidationPolicy, options: Partial<EvaluateOptions> = {}): PlanViolation[] {
  return evaluatePolicies(resources, { now: NOW, ...(rule ? { policies: [rule] } : {}), ...options });
}

export const roleDefinitionId = (name: string, scope = SUBSCRIPTION): string =>
  roleDefinitionResourceId(expectFound(role(name)).id, scope);

export const graphAppRoleId = (name: string): string => expectFound(permission(microsoftGraph(), name, "application")).id;

export const daysFromNow = (days: number): string => new Date(NOW.getTime() + days * 86_400_000).toISOString();
