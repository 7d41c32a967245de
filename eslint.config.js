// @ts-check
// typescript-eslint's strict, type-aware preset. The project's standard is "no unhandled rejections,
// the tool never hangs": no-floating-promises and no-misused-promises here use TypeScript's own checker
// (Biome's own inference finds about three quarters of the floating promises typescript-eslint finds, by
// Biome's v2 announcement, and its no-misused-promises is a nursery rule). Formatting is Prettier's
// (.prettierrc.json); no rule here is about layout.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'reports/', 'examples/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's test()/describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] }] },
      ],
      // Numbers and booleans read well in messages; objects, undefined and null still may not.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // `() => io.out(x)`, `return w.u8(x)` and `return this.fail(...)` (records an issue, yields undefined) are house
      // idioms for "do this, there is no value"; the rule is about style, not about a lost promise or error.
      '@typescript-eslint/no-confusing-void-expression': 'off',
      // A terminal tool strips ANSI escapes and control characters with regexes on purpose, in many places.
      'no-control-regex': 'off',
      // Off: TypeScript's types are optimistic in exactly the places this tool guards, so every finding (14 in src)
      // was a deliberate guard: JSON.stringify returns undefined for undefined, process.stderr.columns is undefined
      // off a TTY, reports written by older versions lack keys the current types require, and a `let` assigned in a
      // callback is narrowed to its initial value.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // With noUncheckedIndexedAccess, `xs[0]!` after a length check is how the code says "checked above".
      '@typescript-eslint/no-non-null-assertion': 'off',
      // `String(v)` of an unknown decoded value in an error message shows whatever arrived, by design.
      '@typescript-eslint/no-base-to-string': 'off',
      // `[...s]` splits a string into code points on purpose (terminal widths, truncation).
      '@typescript-eslint/no-misused-spread': 'off',
      // `_name` marks a parameter or binding kept for its position or its documentation.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // Rethrowing a rejection reason (`any`/`unknown`) keeps whatever was thrown; `throw 'text'` is still an error.
      '@typescript-eslint/only-throw-error': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
    },
  },
  {
    // Tests read reports and frames back as parsed JSON, crash on purpose through `!` when a fixture is
    // missing, and keep defensive checks on values the types say cannot be absent (that is what they test).
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // node:test takes async callbacks that need not await (an async test that throws rejects, as wanted).
      '@typescript-eslint/require-await': 'off',
      // `(x) => void (cond ? f(x) : undefined)` makes a callback's value visibly ignored.
      '@typescript-eslint/no-meaningless-void-operator': 'off',
      // runUntilWedged is deprecated for new tests but kept while older ones still call it.
      '@typescript-eslint/no-deprecated': 'off',
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly' },
    },
  },
);
