// Jest under native ESM: ts-jest's ESM mode, `.js` import suffixes mapped back to the `.ts` sources.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: [151002] } }],
  },
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/operator/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  // The operator's integration tests share one control plane and run serially in their own suite
  // (jest.operator.config.js, scripts/test.d/50-operator.sh).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/operator/'],
  testTimeout: 30000,
};
