/**
 * engine/ is pure TypeScript that runs in Node and in Web Workers. It must never import React,
 * Next, or the UI folders (app/, components/, lib/). Inside engine/, the layering rules of
 * `LAYERS` hold too (e.g. engine/stm must not import engine/starknet, engine/blocks or engine/vm).
 * This checker is used by unit tests (so `npm test` fails on a violation) and can be run
 * directly: `node --import tsx scripts/engine-boundary.ts`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

export interface Violation {
  file: string;
  specifier: string;
  /** Why it is forbidden (absent for the UI/React rule). */
  rule?: string;
}

const IMPORT_RE =
  /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;
const FORBIDDEN_PACKAGES = [
  /^react($|\/)/,
  /^react-dom($|\/)/,
  /^next($|\/)/,
  /^zustand($|\/)/,
  /^@\/(app|components|lib)($|\/)/,
];
const FORBIDDEN_DIRS = ['app', 'components', 'lib'];

/**
 * Layering inside engine/: files under `from` must not import anything under `forbidden`
 * (paths relative to the repository root, '/'-separated). Dependencies point one way:
 * vm ← starknet ← blocks → stm → graph (engine/README.md).
 */
export const LAYERS: { from: string; forbidden: string[] }[] = [
  { from: 'engine/stm', forbidden: ['engine/starknet', 'engine/blocks', 'engine/vm'] },
];

function under(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir + '/') || path.startsWith(dir + '.');
}

function checkSource(source: string, file: string, root: string): Violation[] {
  const out: Violation[] = [];
  for (const m of source.matchAll(IMPORT_RE)) {
    const spec = m[1] ?? m[2] ?? m[3] ?? m[4];
    if (!spec) continue;
    if (FORBIDDEN_PACKAGES.some((re) => re.test(spec))) {
      out.push({ file, specifier: spec });
      continue;
    }
    let target: string | undefined;
    if (spec.startsWith('.')) target = relative(root, resolve(root, dirname(file), spec));
    else if (spec.startsWith('@/')) target = spec.slice(2);
    if (target === undefined) continue;
    target = target.split(/[\\/]/).join('/');
    if (spec.startsWith('.') && FORBIDDEN_DIRS.includes(target.split('/')[0])) {
      out.push({ file, specifier: spec });
      continue;
    }
    const from = file.split(/[\\/]/).join('/');
    for (const layer of LAYERS) {
      if (!under(from, layer.from)) continue;
      const bad = layer.forbidden.find((d) => under(target, d));
      if (bad) out.push({ file, specifier: spec, rule: `${layer.from} must not import ${bad}` });
    }
  }
  return out;
}

function walk(dir: string, files: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, files);
    else if (/\.(ts|tsx|js|mjs|cjs)$/.test(name)) files.push(p);
  }
  return files;
}

export function findForbiddenImports(engineDir: string, root: string): Violation[] {
  const out: Violation[] = [];
  for (const f of walk(engineDir)) {
    out.push(...checkSource(readFileSync(f, 'utf8'), relative(root, f), root));
  }
  return out;
}
findForbiddenImports.checkSource = checkSource;

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
  const v = findForbiddenImports(join(root, 'engine'), root);
  for (const x of v)
    console.error(`${x.file}: forbidden import '${x.specifier}'${x.rule ? ` (${x.rule})` : ''}`);
  process.exit(v.length ? 1 : 0);
}
