#!/usr/bin/env node
// Runs the TypeScript sources with no build step to remember. The sources under src/ are bundled by
// esbuild (split into chunks at each import()), cached in node_modules/.cache/seatwise under a digest
// of their contents and rebuilt (in about 0.2 s) whenever one of them changes; dependencies stay in
// node_modules and load as usual. A bundle starts about twice as fast as some 250 TypeScript files
// loaded through a loader hook (tsx), a cost every command paid. SEATWISE_BUNDLE=0 loads the sources
// through tsx instead, as does a cache that cannot be written.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = path.join(ROOT, 'src');
const ENTRY = path.join(SOURCES, 'cli/index.ts');
const CACHE = path.join(ROOT, 'node_modules/.cache/seatwise');
/** Changes whenever the way the bundle is built changes, so older bundles are not reused. */
const BUILD_FORMAT = 'cli-3';
/** A bundle nobody has started for this long is deleted when another one is built. */
const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * What a bundle is made of: every source file's path and contents, the project's folder (each source
 * keeps its own location in the bundle, see `sourceLocations`), the TypeScript settings and esbuild's
 * version.
 */
function digestOfSources() {
  const hash = createHash('sha256').update(BUILD_FORMAT).update('\0').update(ROOT).update('\0');
  hash.update(createRequire(import.meta.url)('esbuild/package.json').version).update('\0');
  for (const file of [...sourceFiles(SOURCES), path.join(ROOT, 'tsconfig.json'), path.join(ROOT, 'package.json')]) {
    hash.update(path.relative(ROOT, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 20);
}

/** The path of the bundle of the current sources, building it when there is none. */
async function bundle() {
  const digest = digestOfSources();
  const dir = path.join(CACHE, `cli-${digest}`);
  const entry = path.join(dir, 'index.mjs');
  if (fs.existsSync(entry)) {
    markUsed(dir);
    return entry;
  }

  fs.mkdirSync(CACHE, { recursive: true });
  // Code a command loads with import() (the server for `serve`, say) is a chunk of its own, so the
  // dependencies only it uses load only when it runs.
  const building = fs.mkdtempSync(path.join(CACHE, 'building-'));
  try {
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
    // A source saved while esbuild read them: the bundle may mix both versions, so it is not kept.
    if (digestOfSources() !== digest) throw new Error('the sources changed while they were bundled');
    for (const output of result.outputFiles) fs.writeFileSync(output.path, output.contents);
    // Renamed whole, so a process starting meanwhile never loads half a bundle; when another process
    // got there first, its bundle (of the same sources) is used.
    try {
      fs.renameSync(building, dir);
    } catch (error) {
      if (!fs.existsSync(entry)) throw error;
    }
  } finally {
    fs.rmSync(building, { recursive: true, force: true });
  }
  removeStaleBundles(dir);
  return entry;
}

/** Records that a bundle was started, so it is not removed as stale while in use. */
function markUsed(dir) {
  try {
    const now = new Date();
    fs.utimesSync(dir, now, now);
  } catch {
    // a cache that cannot be written: the bundle still runs
  }
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

/** Deletes bundles not started for a day, and folders left by builds that were killed. */
function removeStaleBundles(current) {
  const now = Date.now();
  for (const name of fs.readdirSync(CACHE)) {
    const full = path.join(CACHE, name);
    if (!(name.startsWith('cli-') || name.startsWith('building-')) || full === current) continue;
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
  const entry = await bundle().catch((error) => {
    if (process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace') process.stderr.write(`seatwise: running the sources through tsx (${error.message})\n`);
    return undefined;
  });
  if (entry) {
    process.setSourceMapsEnabled(true);
    await import(pathToFileURL(entry).href);
  } else {
    await runThroughTsx();
  }
}
