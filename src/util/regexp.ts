// **regexp** helpers: dump lines are matched by their predicate IRIs, which must be taken literally.

/** `s` as a literal inside a regular expression. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
