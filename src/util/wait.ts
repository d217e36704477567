// **wait**: a promise's value if it settles within a time, else undefined (the work itself goes on), so that a page
// never waits long for something found in the background.

/** `work`'s value, or undefined when it has not resolved after `ms` milliseconds. */
export function resolvedWithin<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
