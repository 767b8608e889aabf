/** Stable JSON for the dumps: bigints as `<n>n`, Maps and Sets as entry arrays, typed arrays as arrays. */
export const stable = (v: unknown): string =>
  JSON.stringify(v, (_k, x) => {
    if (typeof x === 'bigint') return `${x}n`;
    if (x instanceof Map) return { map: [...x] };
    if (x instanceof Set) return { set: [...x] };
    if (ArrayBuffer.isView(x)) return { typed: Array.from(x as Uint32Array) };
    return x;
  });
