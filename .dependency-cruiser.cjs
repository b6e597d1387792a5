// The rooms of the code and which way their imports may point (docs/architecture.md draws them).
// `scripts/lint.sh` runs this; a violation fails `make test`'s lint check.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'No import cycle anywhere: a shared type goes into a file of its own.',
      severity: 'error',
      from: { path: '^(src|operator)/' },
      to: { circular: true },
    },
    {
      name: 'src-below-operator',
      comment: 'operator/ may import src/, never the reverse (only the CLI on top runs the operator).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^operator/' },
    },
    {
      name: 'cli-on-top',
      comment: 'The CLI is the top room: nothing under src/ imports it (user errors and flags live in src/user-input/).',
      severity: 'error',
      from: { path: '^(src|operator)/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'algorithm-pure',
      comment: 'The MURPHY algorithm is pure: it imports nothing but itself.',
      severity: 'error',
      from: { path: '^src/algorithm/' },
      to: { pathNot: '^src/algorithm/' },
    },
    {
      name: 'trees-page-pure',
      comment: "The page of `murphy trees` is made without I/O: records in, HTML out (the command reads and writes).",
      severity: 'error',
      from: { path: '^src/trees/' },
      to: { pathNot: '^(src/trees/|src/api/field-error[.]ts$|node_modules/(zod|@jest/globals)/)' },
    },
    {
      name: 'coordinator-rooms-below-the-coordinator',
      comment: "The coordinator's rooms (clients, persistence, rollout, step) never import the files that wire them.",
      severity: 'error',
      from: { path: '^src/coordinator/[^/]+/' },
      to: { path: '^src/coordinator/[^/]+[.]ts$' },
    },
    {
      name: 'step-on-top-of-rollout',
      comment: 'A step uses rollouts, persistence and clients; none of them knows about steps.',
      severity: 'error',
      from: { path: '^src/coordinator/(clients|persistence|rollout)/' },
      to: { path: '^src/coordinator/step/' },
    },
    {
      name: 'rollout-on-top-of-clients',
      comment: 'Tree expansion calls the services through clients; clients and persistence know nothing of trees.',
      severity: 'error',
      from: { path: '^src/coordinator/(clients|persistence)/' },
      to: { path: '^src/coordinator/rollout/' },
    },
    {
      name: 'clients-below-persistence',
      comment: 'The service clients are the lowest room of the coordinator.',
      severity: 'error',
      from: { path: '^src/coordinator/clients/' },
      to: { path: '^src/coordinator/persistence/' },
    },
    {
      name: 'operator-runtime-knows-no-runs',
      comment: 'operator/runtime/ is controller machinery: it imports nothing of the operator that knows MurphyRuns.',
      severity: 'error',
      from: { path: '^operator/runtime/' },
      to: { path: '^(operator/(?!runtime/)|src/api/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
