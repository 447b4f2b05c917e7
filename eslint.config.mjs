// @ts-check
// ESLint as `nest new` sets it up (typescript-eslint's type-checked rules), with the promise
// rules as errors: a promise nobody awaits or catches is a crash waiting for a bad day.
// Formatting is Prettier's (`npm run format:check`); eslint-config-prettier turns off the
// rules that would disagree with it.
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'generated/**', 'node_modules/**', '.data/**', 'coverage/**', 'bench/profiles/**', 'bench/results/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.jest },
      sourceType: 'commonjs',
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // A handler that closes over a variable assigned once the server exists (`let x; ... x = ...`).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // An async function that awaits nothing still honours a Promise-returning contract
      // (an interface, a guard's or a fake's method); an unawaited promise is what matters,
      // and no-floating-promises / no-misused-promises catch that.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests read HTTP answers (supertest's `body` is `any`) and JSON fixtures: the no-unsafe-*
    // family would flag every assertion. The promise rules stay on.
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', 'apps/*/test/**/*.ts', 'apps/*/e2e/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // Plain JavaScript (configs, the bench's preloaded agent): no type information.
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { parserOptions: { projectService: false } },
    rules: { '@typescript-eslint/no-require-imports': 'off', 'no-redeclare': 'off' },
  },
);
