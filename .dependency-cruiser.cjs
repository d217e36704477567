// dependency-cruiser: the folder layers of src/ (docs/architecture.md draws the same table) and no import cycles.
// A folder may import its own layer's files and any layer below it, never one above, never a peer at its own rank.
'use strict';

/** Bottom to top. `files` are paths under src/ (folders end with '/'); `name` appears in the error messages. */
const LAYERS = [
  { name: 'shared', rank: 0, files: ['util/', 'rdf/', 'vocab.ts', 'iri.ts', 'relations.ts', 'paths.ts'] },
  { name: 'hub', rank: 1, files: ['hub/'] },
  { name: 'mapper', rank: 2, files: ['mapper/'] },
  // Synthetic Hub snapshots for tests and benches: they use hub's record types, nothing maps them.
  { name: 'synth', rank: 2, files: ['synth/'] },
  { name: 'validate', rank: 3, files: ['validate/'] },
  { name: 'dump', rank: 3, files: ['dump/'] },
  { name: 'stats', rank: 3, files: ['stats/'] },
  // The build runs hub → mapper → validate/dump/stats and owns the output contract (build/output.ts) stores read.
  { name: 'build', rank: 4, files: ['build/'] },
  { name: 'store', rank: 5, files: ['store/'] },
  { name: 'queries', rank: 6, files: ['queries/'] },
  { name: 'server', rank: 7, files: ['server/'] },
  { name: 'eval', rank: 7, files: ['eval/'] },
  // The commands' option and environment parsers: only command files (above every layer) use them.
  { name: 'cli', rank: 8, files: ['cli/'] },
];

// Command files sit on top of every layer: they read options and the environment and may import anything.
const COMMAND = '^src/(cli[.]ts$|.+/command[.]ts$|.+-command[.]ts$)';

const escape = (s) => s.replace(/[.]/g, '[.]');
const pathOf = (layer) => `^src/(${layer.files.map((f) => (f.endsWith('/') ? escape(f) : `${escape(f)}$`)).join('|')})`;

const layerRules = LAYERS.map((layer) => {
  const forbidden = LAYERS.filter((other) => other !== layer && other.rank >= layer.rank);
  return {
    name: `layer-${layer.name}`,
    comment: `${layer.name} (rank ${layer.rank}) may not import ${forbidden.map((l) => l.name).join(', ')}`,
    severity: 'error',
    from: { path: pathOf(layer), pathNot: COMMAND },
    to: { path: forbidden.map(pathOf).join('|') || '^$' },
  };
});

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-import-of-commands',
      comment: 'Only src/cli.ts and other commands import a command file: library code takes options as arguments.',
      severity: 'error',
      from: { path: '^src/', pathNot: COMMAND },
      to: { path: COMMAND },
    },
    {
      name: 'unlayered',
      comment: 'Every file under src/ belongs to a layer in .dependency-cruiser.cjs (add new folders to LAYERS).',
      severity: 'error',
      from: { path: '^src/', pathNot: `${COMMAND}|${LAYERS.map(pathOf).join('|')}` },
      to: { path: '^src/' },
    },
    {
      name: 'no-src-to-tests',
      comment: 'The library never imports tests or the performance benches.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'no-circular',
      comment: 'No file imports itself back, type-only imports included.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
