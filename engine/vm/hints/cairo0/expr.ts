/**
 * Parser for the reference expressions of a compiled Cairo 0 program (`reference_manager`),
 * e.g. `[cast(fp + (-3), felt*)]`, `cast([fp + (-4)] + 1, felt)`, `cast((1, 2, 3), BigInt3)`.
 * The compiler writes them in this small fully-parenthesised grammar (cairo-lang,
 * src/starkware/cairo/lang/compiler/parser — we read the shape off the fixtures' JSON).
 */
export type Expr =
  | { k: 'int'; v: bigint }
  | { k: 'reg'; r: 'ap' | 'fp' }
  | { k: 'deref'; e: Expr }
  | { k: 'cast'; e: Expr; type: string }
  | { k: 'tuple'; items: Expr[] }
  | { k: 'bin'; op: '+' | '-' | '*'; a: Expr; b: Expr }
  | { k: 'neg'; e: Expr };

const TOKEN = /\s*(0x[0-9a-fA-F]+|\d+|[A-Za-z_][\w.]*|\*+|[-+[\](),])/y;

function tokenize(src: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < src.length) {
    if (/^\s*$/.test(src.slice(TOKEN.lastIndex))) break;
    const m = TOKEN.exec(src);
    if (!m) throw new Error(`cannot parse reference expression ${JSON.stringify(src)}`);
    out.push(m[1]);
  }
  return out;
}

/** Parse one reference expression. Types come back as text (`felt*`, `a.b.Uint256`). */
export function parseExpr(src: string): Expr {
  const t = tokenize(src);
  let i = 0;
  const peek = () => t[i];
  const take = (want?: string): string => {
    const s = t[i++];
    if (s === undefined || (want !== undefined && s !== want))
      throw new Error(`expected ${want ?? 'a token'} in ${JSON.stringify(src)}, got ${s}`);
    return s;
  };
  const type = (): string => {
    if (peek() === '(') {
      // a tuple type: keep its text, balanced
      let depth = 0;
      let s = '';
      do {
        const x = take();
        if (x === '(') depth++;
        if (x === ')') depth--;
        s += x;
      } while (depth > 0);
      return s;
    }
    let s = take();
    while (peek()?.startsWith('*')) s += take();
    return s;
  };
  const atom = (): Expr => {
    const s = take();
    if (s === '[') {
      const e = sum();
      take(']');
      return { k: 'deref', e };
    }
    if (s === '(') {
      const items = [sum()];
      while (peek() === ',') {
        take();
        if (peek() === ')') break;
        items.push(sum());
      }
      take(')');
      return items.length === 1 && t[i - 2] !== ',' ? items[0] : { k: 'tuple', items };
    }
    if (s === 'cast') {
      take('(');
      const e = sum();
      take(',');
      const ty = type();
      take(')');
      return { k: 'cast', e, type: ty };
    }
    if (s === 'ap' || s === 'fp') return { k: 'reg', r: s };
    if (/^(0x[0-9a-fA-F]+|\d+)$/.test(s)) return { k: 'int', v: BigInt(s) };
    throw new Error(`unexpected ${s} in reference expression ${JSON.stringify(src)}`);
  };
  const unary = (): Expr => (peek() === '-' ? (take(), { k: 'neg', e: unary() }) : atom());
  const product = (): Expr => {
    let a = unary();
    while (peek() === '*') {
      take();
      a = { k: 'bin', op: '*', a, b: unary() };
    }
    return a;
  };
  const sum = (): Expr => {
    let a = product();
    while (peek() === '+' || peek() === '-') {
      const op = take() as '+' | '-';
      a = { k: 'bin', op, a, b: product() };
    }
    return a;
  };
  const e = sum();
  if (i !== t.length) throw new Error(`trailing tokens in ${JSON.stringify(src)}`);
  return e;
}

/** Does the expression read the ap register (so that it needs ap tracking)? */
export function usesAp(e: Expr): boolean {
  switch (e.k) {
    case 'reg':
      return e.r === 'ap';
    case 'deref':
    case 'cast':
    case 'neg':
      return usesAp(e.e);
    case 'bin':
      return usesAp(e.a) || usesAp(e.b);
    case 'tuple':
      return e.items.some(usesAp);
    default:
      return false;
  }
}
