/**
 * SHA-512 compression function (one 1024-bit block), as needed by the Sha512ProcessBlock syscall
 * (blockifier 0.14.x: state = 8 u64 words, block = 16 big-endian u64 words, FIPS 180-4 §6.4.2).
 * The round constants are derived as the standard defines them (first 64 bits of the fractional
 * parts of the cube roots of the first 80 primes) instead of being typed in.
 */
const M64 = (1n << 64n) - 1n;

function firstPrimes(n: number): bigint[] {
  const out: bigint[] = [];
  for (let c = 2; out.length < n; c++)
    if (out.every((p) => c % Number(p) !== 0)) out.push(BigInt(c));
  return out;
}

/** floor(cbrt(x)) for a non-negative bigint (Newton's method). */
function icbrt(x: bigint): bigint {
  let r = 1n << BigInt(Math.ceil(x.toString(2).length / 3));
  for (;;) {
    const next = (2n * r + x / (r * r)) / 3n;
    if (next >= r) break;
    r = next;
  }
  while (r * r * r > x) r--;
  while ((r + 1n) ** 3n <= x) r++;
  return r;
}

/** cbrt(p) × 2^64 mod 2^64 = the fractional part's first 64 bits. */
const K = firstPrimes(80).map((p) => icbrt(p << 192n) & M64);

const rotr = (x: bigint, n: bigint) => ((x >> n) | (x << (64n - n))) & M64;

/** New state after compressing one block of 16 u64 words into an 8-word state. */
export function sha512Compress(state: readonly bigint[], block: readonly bigint[]): bigint[] {
  const w = [...block];
  for (let i = 16; i < 80; i++) {
    const s0 = rotr(w[i - 15], 1n) ^ rotr(w[i - 15], 8n) ^ (w[i - 15] >> 7n);
    const s1 = rotr(w[i - 2], 19n) ^ rotr(w[i - 2], 61n) ^ (w[i - 2] >> 6n);
    w.push((w[i - 16] + s0 + w[i - 7] + s1) & M64);
  }
  let [a, b, c, d, e, f, g, h] = state;
  for (let i = 0; i < 80; i++) {
    const S1 = rotr(e, 14n) ^ rotr(e, 18n) ^ rotr(e, 41n);
    const ch = (e & f) ^ (~e & M64 & g);
    const t1 = (h + S1 + ch + K[i] + w[i]) & M64;
    const S0 = rotr(a, 28n) ^ rotr(a, 34n) ^ rotr(a, 39n);
    const maj = (a & b) ^ (a & c) ^ (b & c);
    [h, g, f, e, d, c, b, a] = [g, f, e, (d + t1) & M64, c, b, a, (t1 + S0 + maj) & M64];
  }
  return [a, b, c, d, e, f, g, h].map((x, i) => (state[i] + x) & M64);
}
