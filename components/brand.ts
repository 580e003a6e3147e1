import type * as pulumi from "@pulumi/pulumi";

/** Brands an output whose meaning the caller knows from the provider's documentation. */
export function brand<B extends string>(value: pulumi.Output<string>): pulumi.Output<B> {
  return value as pulumi.Output<B>;
}
