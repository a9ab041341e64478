#!/usr/bin/env node
// Runs the TypeScript sources with no build step to remember. The sources under src/ are bundled by
// esbuild into one ES module, cached in node_modules/.cache/seatwise under a digest of their contents and
// rebuilt (in about 0.2 s) whenever one of them changes; dependencies stay in node_modules and load as
// usual. One plain module starts about twice as fast as some 250 TypeScript files loaded through a
// loader hook (tsx), a cost every command paid. SEATWISE_BUNDLE=0 loads the sources through tsx instead.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = path.join(ROOT, 'src');
const ENTRY = path.join(SOURCES, 'cli/index.ts');
const CACHE = path.join(ROOT, 'node_modules/.cache/seatwise');
/** Changes whenever the way the bundle is built changes, so older bundles are not reused. */
const BUILD_FORMAT = 'cli-2';
/** Older bundles are deleted once nobody can still be about to load them. */
const STALE_AFTER_MS = 60 * 60 * 1000;

/** The path of the bundle of the current sources, building it when there is none. */
async function bundle() {
  const hash = createHash('sha256').update(BUILD_FORMAT);
  for (const file of [...sourceFiles(SOURCES), path.join(ROOT, 'tsconfig.json'), path.join(ROOT, 'package.json')]) {
    hash.update(path.relative(ROOT, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  const dir = path.join(CACHE, `cli-${hash.digest('hex').slice(0, 20)}`);
  const entry = path.join(dir, 'index.mjs');
  if (fs.existsSync(entry)) return entry;

  // Code a command loads with import() (the server for `serve`, say) is a chunk of its own, so the
  // dependencies only it uses load only when it runs.
  const building = `${dir}.${process.pid}.tmp`;
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: { index: ENTRY },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    sourcesContent: false,
    outdir: building,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    write: false,
    logLevel: 'silent',
    plugins: [sourceLocations],
  });
  fs.mkdirSync(building, { recursive: true });
  for (const output of result.outputFiles) fs.writeFileSync(output.path, output.contents);
  // Built under a temporary name and renamed whole, so a process starting meanwhile never loads half
  // of it; when another process got there first, its bundle (the same sources) is used.
  try {
    fs.renameSync(building, dir);
  } catch (error) {
    fs.rmSync(building, { recursive: true, force: true });
    if (!fs.existsSync(entry)) throw error;
  }
  removeStaleBundles(dir);
  return entry;
}

/** Every file the bundle can be made of, in a stable order (test files excluded). */
function sourceFiles(dir) {
  const files = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(full));
    else if (/\.(ts|mts|mjs|js|json)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) files.push(full);
  }
  return files;
}

/**
 * Each source keeps its own `import.meta.url` (the files it locates next to itself: the web build,
 * scenarios, protobuf definitions, the lab's worker), not the bundle's.
 */
const sourceLocations = {
  name: 'source-locations',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (!args.path.startsWith(SOURCES + path.sep)) return undefined;
      const text = fs.readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      return { contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
    });
  },
};

function removeStaleBundles(current) {
  const now = Date.now();
  for (const name of fs.readdirSync(CACHE)) {
    const full = path.join(CACHE, name);
    if (!name.startsWith('cli-') || full === current) continue;
    try {
      if (now - fs.statSync(full).mtimeMs > STALE_AFTER_MS) fs.rmSync(full, { recursive: true, force: true });
    } catch {
      // removed by another process meanwhile
    }
  }
}
/** The sources through tsx's loader hook, file by file. */
async function runThroughTsx() {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/index.ts');
}

if (process.env.SEATWISE_BUNDLE === '0') {
  await runThroughTsx();
} else {
  // A cache that cannot be written (a read-only install) or sources esbuild refuses (tsx then reports
  // the same error) fall back to tsx.
  const entry = await bundle().catch(() => undefined);
  if (entry) {
    process.setSourceMapsEnabled(true);
    await import(pathToFileURL(entry).href);
  } else {
    await runThroughTsx();
  }
}
