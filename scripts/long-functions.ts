/**
 * Functions longer than a limit (default 80 lines), longest first:
 *   node --import tsx scripts/long-functions.ts [limit] [folder…]   (default engine/starknet engine/blocks)
 * Counts the lines of every function declaration, method, arrow function and function
 * expression, nested ones separately (a nested function's lines count in its parent too).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const [limitArg, ...dirs] = process.argv.slice(2);
const limit = Number(limitArg ?? 80);
const roots = dirs.length > 0 ? dirs : ['engine/starknet', 'engine/blocks'];

function* tsFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* tsFiles(p);
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) yield p;
  }
}

function nameOf(node: ts.Node): string {
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name) return named.name.getText();
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent)) return parent.name.getText();
  if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText();
  return '(anonymous)';
}

const rows: { lines: number; where: string; name: string }[] = [];
for (const root of roots)
  for (const file of tsFiles(root)) {
    const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body) {
        const start = src.getLineAndCharacterOfPosition(node.getStart()).line;
        const end = src.getLineAndCharacterOfPosition(node.getEnd()).line;
        if (end - start + 1 > limit)
          rows.push({ lines: end - start + 1, where: `${file}:${start + 1}`, name: nameOf(node) });
      }
      ts.forEachChild(node, visit);
    };
    visit(src);
  }
rows.sort((a, b) => b.lines - a.lines);
for (const r of rows) console.log(`${String(r.lines).padStart(5)}  ${r.name}  ${r.where}`);
