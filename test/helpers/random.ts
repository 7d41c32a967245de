/** The seeded PRNG tests use for reproducible inputs: the gateway's own mulberry32. */
export { seededRandom } from '../../src/gateway/csp/random.js';
