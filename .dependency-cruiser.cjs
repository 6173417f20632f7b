// The floor plan of src/ (docs/development.md, "Where things are"), as rules CI runs (`npm run lint`).
// Layers from the bottom up: a folder imports only folders below it, and nothing imports in a
// circle. The data flow reads in the names: load → select → run → results → gate → render →
// publish. Add a folder here, at the floor where it belongs, before it is imported.
const LAYERS = [
  ['lib', 'generated'],
  ['json'],
  ['git'],
  ['providers'],
  ['cache'],
  ['load/files'],
  ['load'],
  ['select'],
  ['results'],
  ['run'],
  ['gate'],
  ['render'],
  ['publish'],
  ['shard'],
  ['monitor'],
  ['harvest', 'interop'],
  ['engine', 'runtime'],
  ['release'],
  ['action', 'cli'],
  ['index.ts', 'cli-entry.ts'],
];

/** `src/<folder>/…` (for `load`, not `load/files/…`), or the file `src/<name>` itself. */
const pathOf = (folder) =>
  folder.endsWith('.ts')
    ? `^src/${folder.replace('.', '\\.')}$`
    : folder === 'load'
      ? '^src/load/(?!files/)'
      : folder === 'engine'
        ? '^src/engine(\\.ts$|/)'
        : `^src/${folder}/`;

const layerRules = LAYERS.map((layer, floor) => {
  const allowed = LAYERS.slice(0, floor + 1).flat();
  // Siblings on one floor do not import each other: only their own folder and the floors below.
  const below = LAYERS.slice(0, floor).flat();
  return layer
    .map((folder) => ({
      name: `floor-${floor}-${folder.replace(/[/.]/g, '-')}`,
      comment: `src/${folder} imports only its own folder and the floors below it (${below.join(', ') || 'none'})`,
      severity: 'error',
      from: { path: pathOf(folder) },
      to: { path: '^src/', pathNot: [pathOf(folder), ...below.map(pathOf)] },
    }))
    .filter(() => allowed.length > 0);
}).flat();

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Files that import each other in a loop cannot be read, tested or moved one at a time.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unknown-folder',
      comment: 'Every file of src/ sits on a floor of LAYERS (.dependency-cruiser.cjs).',
      severity: 'error',
      from: { path: '^src/', pathNot: LAYERS.flat().map(pathOf) },
      to: {},
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js'],
    },
    exclude: { path: '^src/generated/' },
  },
};
