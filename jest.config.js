/**
 * One jest run for the whole monorepo: unit specs beside the code (*.spec.ts), e2e specs
 * over HTTP (*.e2e-spec.ts). test/global-setup.ts gives the run a fresh PostgreSQL
 * database, migrated once, and test/global-teardown.ts drops it.
 * Type errors are caught by `npm run typecheck` (part of `npm test`), so ts-jest only
 * transpiles here.
 */
/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test', '<rootDir>/scripts'],
  testRegex: '.*\\.(e2e-)?spec\\.ts$',
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json', diagnostics: false }],
  },
  moduleNameMapper: {
    '^@app/shared-types(|/.*)$': '<rootDir>/libs/shared-types/src$1',
    '^@app/database(|/.*)$': '<rootDir>/libs/database/src$1',
    '^@app/prisma-client$': '<rootDir>/generated/prisma/client',
  },
  setupFiles: ['reflect-metadata'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 30000,
};
