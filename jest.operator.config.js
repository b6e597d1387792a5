// The operator's integration tests (test/operator): a real etcd, kube-apiserver and
// kube-controller-manager per test file, so they run one file at a time with long timeouts, in
// their own suite (scripts/test.d/50-operator.sh). The default jest config ignores test/operator.
import base from './jest.config.js';

/** @type {import('jest').Config} */
export default {
  ...base,
  testMatch: ['<rootDir>/test/operator/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 120000,
  // Every test file stops its control plane in afterAll, yet a handle that jest cannot name
  // sometimes keeps the single in-band process alive after the last test: end it once the
  // results are in, so a finished suite can never hang CI.
  forceExit: true,
};
