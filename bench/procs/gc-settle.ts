/**
 * Bench preload (`node --expose-gc --import dist/bench/procs/gc-settle.js …`): a full garbage
 * collection every 2 s, in whichever process it is loaded. The steady-memory figure's "settled"
 * variant loads it into both tools alike, so RSS follows what each one holds, not where each happens
 * to be in V8's heap-growth cycle: between two mark-compacts V8 lets the old generation grow to about
 * four times what survived the last one, and whether the held-RSS samples fall before or after one is
 * luck (issue #18: the same run read 1.10× one day and 1.87× another).
 */
const collect = (globalThis as { gc?: () => void }).gc;
if (collect !== undefined) setInterval(collect, 2000).unref();
