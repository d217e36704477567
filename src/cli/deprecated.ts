// **deprecated** keeps an old flag spelling working after a rename: hidden from --help, parsed like the new flag, its
// value given to the new flag, and a warning on stderr naming the new spelling, so scripts keep running and learn it.

import { type Command, Option } from 'commander';

export function warn(message: string): void {
  process.stderr.write(`huggingkg: warning: ${message}\n`);
}

/**
 * Adds `flags` (e.g. '--sparql-endpoint <url>') to `command` as a hidden alias of its option `canonical` (e.g.
 * '--endpoint'), which must be added first. `note` says more than "use X" when the meaning changed with the name.
 */
export function deprecatedAlias(command: Command, flags: string, canonical: string, note = ''): void {
  const target = command.options.find((o) => o.long === canonical);
  if (!target) throw new Error(`${command.name()}: no option ${canonical} to alias`);
  const alias = new Option(flags, `deprecated spelling of ${canonical}`).hideHelp();
  // biome-ignore lint/suspicious/noExplicitAny: commander types parseArg loosely; the canonical flag's parser is reused
  if (target.parseArg) alias.argParser(target.parseArg as any);
  command.addOption(alias);
  const old = alias.long ?? flags;
  // Commander's own listener (added with the option) has stored the parsed value by the time this one runs.
  command.on(`option:${alias.name()}`, () => {
    warn(`${old} is deprecated; use ${canonical}${note ? ` (${note})` : ''}`);
    command.setOptionValueWithSource(target.attributeName(), command.getOptionValue(alias.attributeName()), 'cli');
  });
}
