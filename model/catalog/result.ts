/** A catalog look-up either finds the fact or explains, in a sentence a manifest author can act on, why not. */
export type Lookup<T> = { ok: true; value: T } | { ok: false; message: string };

export const found = <T>(value: T): Lookup<T> => ({ ok: true, value });
export const missing = <T>(message: string): Lookup<T> => ({ ok: false, message });

/** Unwraps a look-up the caller has already validated; a failure here is a programming error. */
export function expectFound<T>(lookup: Lookup<T>): T {
  if (!lookup.ok) throw new Error(lookup.message);
  return lookup.value;
}
