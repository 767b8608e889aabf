/**
 * engine/ is pure TypeScript that runs in Node and in Web Workers. It must never import React,
 * Next, or the UI folders (app/, components/, lib/). This checker is used by a unit test (so
 * `npm test` fails on a violation) and can be run directly: `node --import tsx scripts/engine-boundary.ts`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

export interface Violation {
  file: string;
  specifier: string;
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

function checkSource(source: string, file: string, root: string): Violation[] {
  const out: Violation[] = [];
  for (const m of source.matchAll(IMPORT_RE)) {
    const spec = m[1] ?? m[2] ?? m[3] ?? m[4];
    if (!spec) continue;
    if (FORBIDDEN_PACKAGES.some((re) => re.test(spec))) {
      out.push({ file, specifier: spec });
      continue;
    }
    if (spec.startsWith('.')) {
      const target = relative(root, resolve(root, dirname(file), spec));
      const top = target.split(/[\\/]/)[0];
      if (FORBIDDEN_DIRS.includes(top)) out.push({ file, specifier: spec });
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
  for (const x of v) console.error(`${x.file}: forbidden import '${x.specifier}'`);
  process.exit(v.length ? 1 : 0);
}
