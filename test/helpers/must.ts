// must(): the value a test needs (a row, a term, a manifest entry), or an assertion failure saying what was missing.
// Preferred to a non-null `!`, which would let a missing value surface later as an unexplained TypeError.

import assert from 'node:assert/strict';

/** `value` when it is neither undefined nor null; otherwise fails the test with "missing WHAT". */
export function must<T>(value: T | null | undefined, what: string): T {
  assert.ok(value !== undefined && value !== null, `missing ${what}`);
  return value;
}
