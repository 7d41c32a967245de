/**
 * A source of uniformly distributed numbers in [0, 1), like `Math.random`.
 * `select` draws from it to choose among ready cases; tests inject a seeded
 * or scripted source to make the choice exact.
 */
export type RandomSource = () => number;

/**
 * A small, fast, seedable PRNG (mulberry32: 32-bit state, period 2^32).
 * Good enough to decide `select` races; not for anything cryptographic.
 *
 * @param seed - any number; only its low 32 bits are used
 */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
