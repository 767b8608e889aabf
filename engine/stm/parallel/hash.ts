/**
 * Cheap, order-independent-input, deterministic 64-bit hash of a block's write set (every cell
 * written by a committed transaction → its final value), used to compare a real parallel run
 * with the sequential run. Two 32-bit multiply-xorshift lanes over the sorted "cell=0xvalue"
 * lines; 16 hex digits. Not cryptographic: it detects divergence, it does not resist forgery.
 */
export function hashState(entries: Iterable<readonly [string, bigint]>): string {
  const lines: string[] = [];
  for (const [k, v] of entries) lines.push(`${k}=0x${v.toString(16)}`);
  lines.sort();
  let h1 = 0xdeadbeef ^ lines.length;
  let h2 = 0x41c6ce57 ^ lines.length;
  for (const line of lines) {
    for (let i = 0; i <= line.length; i++) {
      const ch = i < line.length ? line.charCodeAt(i) : 10;
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}
