// **compare**: the one code-unit string order the project sorts by wherever an order must be the same on every machine
// (dumps, statistics, reports): `localeCompare` would depend on the locale, and a bare `sort()` cannot be combined.

/** Orders strings by their UTF-16 code units, as `<` does. */
export const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
