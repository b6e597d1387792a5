// The pure MURPHY algorithm: rollout trees, pruning, credit, advantages, prompts. No I/O.
export * from './config.js';
export * from './rollout-tree.js';
export * from './score-trees.js';
export * from './worst-case.js';
export * from './advantages.js';
export * from './max-variance-subset.js';
export * from './feedback.js';
export * from './templates.js';
export * from './prompts.js';
export * from './extract-code.js';
export * from './training-samples.js';
export * from './synthetic-trees.js';
