/**
 * A small seeded pseudo-random generator for the demo data: sfc32 (Chris Doty-Humphrey's Small Fast Counter,
 * 32-bit variant, from PractRand), seeded through splitmix32. Pure and deterministic: the same seed gives the
 * same sequence on every platform, since it uses only 32-bit integer arithmetic (Math.imul, >>>, |0).
 */
export interface Rng {
  /** Uniform in [0, 1), 32 bits of randomness. */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** Uniform in [min, max). */
  uniform(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** A standard normal draw N(0, 1) (Box-Muller; the second value of each pair is kept for the next call). */
  normal(): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** An independent generator derived from this one's seed and a label, unaffected by draws made here. */
  fork(label: string): Rng;
}

/** splitmix32: turns one 32-bit state into a stream of well-mixed 32-bit words (used only for seeding). */
function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a over the UTF-16 code units of a string: folds a label into a 32-bit seed. */
export function hash32(text: string, basis = 0x811c9dc5): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The raw sfc32 word generator: four 32-bit words of state. */
export function sfc32(a: number, b: number, c: number, d: number): () => number {
  let s0 = a | 0;
  let s1 = b | 0;
  let s2 = c | 0;
  let s3 = d | 0;
  return () => {
    const t = (((s0 + s1) | 0) + s3) | 0;
    s3 = (s3 + 1) | 0;
    s0 = s1 ^ (s1 >>> 9);
    s1 = (s2 + (s2 << 3)) | 0;
    s2 = (s2 << 21) | (s2 >>> 11);
    s2 = (s2 + t) | 0;
    return t >>> 0;
  };
}

/** A generator seeded by a non-negative integer (any number is folded to 32 bits) or a string. */
export function createRng(seed: number | string): Rng {
  const seed32 = typeof seed === 'string' ? hash32(seed) : hash32(String(seed));
  const mix = splitmix32(seed32);
  const word = sfc32(mix(), mix(), mix(), mix());
  // Discard the first outputs, as sfc32's author recommends, so nearby seeds diverge.
  for (let i = 0; i < 12; i++) word();

  let spare: number | undefined;
  const next = () => word() / 4_294_967_296;
  const rng: Rng = {
    next,
    int(min, max) {
      if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
        throw new RangeError(`int(${min}, ${max}): bounds must be integers with min <= max`);
      }
      return min + Math.floor(next() * (max - min + 1));
    },
    uniform(min, max) {
      return min + next() * (max - min);
    },
    chance(p) {
      return next() < p;
    },
    normal() {
      if (spare !== undefined) {
        const z = spare;
        spare = undefined;
        return z;
      }
      // 1 - next() lies in (0, 1], so the logarithm is finite.
      const u1 = 1 - next();
      const u2 = next();
      const r = Math.sqrt(-2 * Math.log(u1));
      spare = r * Math.sin(2 * Math.PI * u2);
      return r * Math.cos(2 * Math.PI * u2);
    },
    pick(items) {
      if (items.length === 0) throw new RangeError('pick from an empty array');
      return items[Math.floor(next() * items.length)]!;
    },
    fork(label) {
      return createRng(`${seed32}/${label}`);
    },
  };
  return rng;
}
