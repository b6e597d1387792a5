// The MurphyRun resource: one MURPHY training job. This zod schema is the single source of truth:
// the CRD in crds/ and the reference in docs/ are generated from it, and every component reads a
// MurphyRun through it. Defaults are the paper's (App. D) unless a description says otherwise.
import { z } from 'zod';
import { schedulingFields } from './kubernetes-types.js';

export const API_GROUP = 'murphy.dev';
export const API_VERSION = 'v1alpha1';
export const KIND = 'MurphyRun';
export const PLURAL = 'murphyruns';

const positiveInt = () => z.number().int().positive();

export const modelSchema = z
  .strictObject({
    name: z.string().min(1).meta({ description: 'Model name, e.g. "Qwen/Qwen3-1.7B"; used in metrics and as the default source.' }),
    source: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'Where the weights come from: a directory (in a cluster, a path on the run\'s volume under /checkpoints, or under /murphy/models with claimName), or a small CPU model murphy builds itself: "builtin:tiny" (random weights) or "builtin:coder" (pretrained on the builtin:constants family). Defaults to name (a local run may also load a Hugging Face Hub name from its cache).' }),
    claimName: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'An existing PersistentVolumeClaim that holds the weights, mounted read-only at /murphy/models in the trainer and inference pods; source is then a path below /murphy/models.' }),
    download: z
      .boolean()
      .default(false)
      .meta({ description: 'Download name from the Hugging Face Hub into the run\'s volume before the trainer and inference start (an init container; the cluster needs internet access). Leave source unset.' }),
  })
  .meta({ description: 'The policy to train (also the frozen reference model).' });

export const datasetSchema = z
  .strictObject({
    source: z.string().min(1).meta({ description: 'A JSONL file (optionally .gz; HumanEval, MBPP, KodCode, BigCodeBench or murphy records), or a problem set bundled with murphy: "builtin:mini", "builtin:constants" or "builtin:constants-heldout".' }),
    format: z
      .enum(['auto', 'humaneval', 'mbpp', 'kodcode', 'bigcodebench', 'murphy'])
      .default('auto')
      .meta({ description: 'Record format; auto detects it from the first record, and takes a format only when the record has everything that format needs.' }),
    split: z
      .enum(['instruct', 'complete'])
      .optional()
      .meta({ description: 'BigCodeBench records only: the prompt the model sees, the natural-language instruction (instruct_prompt) or the function signature and docstring to complete (complete_prompt). Unset: instruct, since the paper\'s models are instruction-tuned.' }),
    skipProblems: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'A text file of problem ids to leave out, one per line (# starts a comment), such as the one `murphy check-dataset --write-skip` writes for the problems whose reference solution fails; relative to the run file. The run and `murphy eval` say how many they skipped.' }),
    limit: positiveInt().optional().meta({ description: 'Use at most this many problems (the paper uses 1,000 KodCode samples).' }),
    seed: z.number().int().nonnegative().default(0).meta({ description: 'Seed for shuffling problems and drawing visible tests.' }),
    visibleTests: z
      .number()
      .int()
      .nonnegative()
      .default(2)
      .meta({ description: 'How many tests are drawn as the visible ones when a problem has no visible/hidden split of its own. Evaluation shows only the visible tests in its feedback and scores the full suite; training shows them only with feedbackTests: visible.' }),
  })
  .meta({ description: 'Problems with unit tests.' });

/** spec.dataset: the training problems, and which of their tests a retry's feedback reports. */
export const trainingDatasetSchema = datasetSchema
  .extend({
    feedbackTests: z
      .enum(['all', 'visible'])
      .default('all')
      .meta({ description: 'Tests a retry\'s feedback reports: all (the paper: passed/failed over the whole suite the reward is computed on, and every failing test with the program\'s output) or visible (only the visible tests, as evaluation does).' }),
  })
  .meta({ description: 'Training problems with unit tests.' });

export const creditSchema = z.strictObject({
  strategy: z.enum(['MARS', 'MERS']).default('MARS').meta({ description: 'MARS: max reward of the subtree; MERS: discounted mean.' }),
  gamma: z.number().min(0).default(1.0).meta({ description: 'MERS discount of the children\'s mean.' }),
});

export const pruningSchema = z.strictObject({
  strategy: z.enum(['none', 'intra', 'inter']).default('none').meta({ description: 'intra: keep the max-variance members of each group; inter: keep the best groups of each tree.' }),
  budgets: z
    .array(positiveInt().nullable())
    .max(8)
    .optional()
    .meta({ description: 'One entry per turn: budgets[k] bounds the groups at turn k+1 (members for intra, groups for inter); null leaves that turn unpruned. Defaults to null for every turn.' }),
  alpha: z
    .tuple([z.number(), z.number()])
    .default([0, 1])
    .meta({ description: 'InterP ranks groups by alpha[0]*mean + alpha[1]*std of their rewards.' }),
});

export const promptTemplatesSchema = z
  .strictObject({
    system: z.string().optional(),
    question: z.string().optional(),
    header: z.string().optional(),
    attempt: z.string().optional(),
    failure: z.string().optional(),
    footer: z.string().optional(),
    reflection: z.string().optional(),
  })
  .meta({ description: 'Overrides of the feedback prompt templates ({{placeholders}} as in docs/prompts.md).' });

export const algorithmSchema = z.strictObject({
  turns: z.number().int().min(1).max(8).default(2).meta({ description: 'Turns S of the rollout tree; 1 is plain GRPO.' }),
  generations: z
    .array(positiveInt())
    .min(1)
    .max(8)
    .optional()
    .meta({ description: 'Completions sampled per group at each turn (G_1..G_S); one entry per turn. Defaults to 8 per turn.' }),
  credit: creditSchema.default({ strategy: 'MARS', gamma: 1.0 }),
  pruning: pruningSchema.default({ strategy: 'none', alpha: [0, 1] }),
  maxReward: z.number().gt(0).max(1).default(1.0).meta({ description: 'A completion with this reward gets no retry.' }),
  prompts: promptTemplatesSchema.default({}),
});

export const trainingSchema = z.strictObject({
  learningRate: z.number().positive().default(1e-6),
  lrSchedule: z
    .enum(['constant', 'linear'])
    .default('linear')
    .meta({ description: 'How the learning rate changes over the run: linear (the default: TRL\'s GRPO default, which the paper trained with) decays it from learningRate at the first step to zero after the run\'s last (maxSteps, or epochs over the dataset), continuing where it stopped after a restart; constant keeps learningRate throughout (a short run, or one whose maxSteps may be raised later).' }),
  weightDecay: z.number().min(0).default(0.1),
  beta: z.number().min(0).default(0.04).meta({ description: 'KL penalty to the frozen reference model.' }),
  epsilon: z.number().positive().default(0.2).meta({ description: 'PPO clipping range of the probability ratio.' }),
  maxGradNorm: z.number().positive().default(1.0),
  lossAggregation: z
    .enum(['group', 'paper', 'sample'])
    .default('group')
    .meta({ description: 'How the loss weighs samples. group (murphy\'s default, the paper\'s Def. 1 normalised by the batch): each completion weighs 1/|its group|, groups weigh alike and their sum is divided by the number of groups in the batch, so a step\'s scale does not change with how many groups the trees kept; paper (Def. 1 as written): the groups of each prompt\'s tree are summed and the trees averaged, so a step weighs groups/trees times as much as with group (1 to 9 times for generations [8, 8]), a scale that gradient clipping and AdamW\'s moments see; sample (TRL\'s grpo loss): every sample weighs alike. group and sample differ when groups have unequal sizes (pruning, dropped samples).' }),
  importanceSampling: z
    .enum(['none', 'token', 'sequence'])
    .optional()
    .meta({ description: 'Truncated importance-sampling correction of the loss by pi_trainer / pi_sampler (the inference service\'s log-probs, after top-p), per token or per sequence, as TRL does for vLLM; with the clipped ratio always against the trainer\'s own log-probs before the step, token is decoupled PPO. Defaults to none at maxPolicyLag 0 (on-policy: every weight would be 1) and to token at maxPolicyLag 1 or more, which refuses none: a sample one policy version old must be corrected.' }),
  importanceSamplingCap: z.number().positive().default(3.0).meta({ description: 'Upper bound of the importance-sampling weight (TRL\'s default).' }),
  epochs: positiveInt().default(1).meta({ description: 'Passes over the dataset (ignored when maxSteps is set).' }),
  maxSteps: positiveInt().optional().meta({ description: 'Stop after this many steps.' }),
  promptsPerStep: positiveInt().default(8).meta({ description: 'Problems (rollout trees) per optimisation step (murphy\'s default).' }),
  temperature: z.number().min(0).default(0.6).meta({ description: 'Sampling temperature of the rollouts (0: greedy); the trainer takes its log-probs at it.' }),
  topP: z.number().gt(0).max(1).default(0.95).meta({ description: 'Top-p (nucleus) of the rollouts; the importance-sampling correction takes the trainer\'s log-probs over the same nucleus as the sampler\'s, so a sample of the trainer\'s own policy weighs 1.' }),
  maxNewTokens: positiveInt().default(2048).meta({ description: 'Completion length cap (murphy\'s default).' }),
  checkpointInterval: positiveInt().default(50).meta({ description: 'Save a trainer checkpoint every this many steps.' }),
  maxPolicyLag: z
    .number()
    .int()
    .min(0)
    .max(4)
    .default(0)
    .meta({
      description:
        'Steps a sample\'s policy may lag behind the policy it trains: 0 is on-policy (each step samples with the weights of the previous one); 1 grows the next step\'s trees while the trainer trains on the current one\'s (murphy\'s pipeline). At 1 or more the loss is corrected for the lag by decoupled PPO: importanceSampling defaults to token, and none is refused.',
    }),
  seed: z.number().int().nonnegative().default(0),
});

const gpuCount = () => z.number().int().min(0);

export const inferenceSchema = z.strictObject({
  backend: z.enum(['vllm', 'hf']).default('vllm').meta({ description: 'vllm on GPUs; hf (transformers) on CPU or GPU.' }),
  replicas: positiveInt().default(1),
  gpus: gpuCount().default(1).meta({ description: 'GPUs per replica.' }),
  tensorParallel: positiveInt().default(1),
  args: z.array(z.string()).default([]).meta({ description: 'Extra engine arguments.' }),
  ...schedulingFields,
});

export const executorSchema = z.strictObject({
  replicas: positiveInt().default(1),
  sandbox: z.enum(['auto', 'bwrap', 'process']).default('auto'),
  concurrency: positiveInt().optional().meta({ description: 'Parallel executions per replica; defaults to the CPU count.' }),
  timeoutSeconds: z.number().positive().max(600).default(10).meta({ description: 'Wall-clock limit per test.' }),
  runtimeClassName: z.string().min(1).optional().meta({ description: 'RuntimeClass of the executor pods, e.g. "gvisor" for a sandboxed runtime. Unset: the operator default (--executor-runtime-class; auto: gvisor where the cluster has that RuntimeClass, else the default runtime).' }),
  ...schedulingFields,
});

export const trainerSchema = z.strictObject({
  nodes: positiveInt().default(1).meta({ description: 'Trainer pods (torchrun nodes).' }),
  gpusPerNode: gpuCount().default(1),
  sharding: z
    .enum(['none', 'fsdp'])
    .default('none')
    .meta({ description: 'none: every rank holds the whole model (DDP); fsdp: parameters, gradients and optimiser state sharded over all ranks (FSDP2 through accelerate, on GPUs and on CPU ranks). See the memory table in docs/trainer.md.' }),
  precision: z
    .enum(['auto', 'fp32', 'bf16'])
    .default('auto')
    .meta({ description: 'bf16: bf16 compute and a bf16 frozen reference, with fp32 master weights and fp32 AdamW; fp32: everything fp32; auto: bf16 on GPUs, fp32 on CPU.' }),
  gradientCheckpointing: z.boolean().default(true).meta({ description: 'Recompute activations in the backward pass instead of keeping them.' }),
  ...schedulingFields,
});

export const coordinatorSchema = z.strictObject({
  ...schedulingFields,
});

export const storageSchema = z.strictObject({
  claimName: z.string().min(1).optional().meta({ description: 'Use this existing PersistentVolumeClaim for checkpoints instead of creating one.' }),
  size: z.string().default('50Gi'),
  storageClassName: z.string().optional(),
  accessMode: z
    .enum(['ReadWriteOnce', 'ReadWriteMany'])
    .default('ReadWriteOnce')
    .meta({ description: 'ReadWriteOnce (what most default storage classes offer): the pods that mount the volume (trainer, inference, coordinator, evaluation) are scheduled onto one node. ReadWriteMany: they may spread over nodes (a multi-node trainer needs it). With claimName, say what that claim offers.' }),
});

export const evaluationSchema = z
  .strictObject({
    datasets: z
      .array(datasetSchema.meta({ description: 'A problem set to evaluate on (HumanEval, MBPP, KodCode, BigCodeBench or murphy JSONL, or a builtin: set).' }))
      .min(1)
      .max(16),
    iterations: z
      .array(z.number().int().min(1).max(10))
      .min(1)
      .max(10)
      .default([1, 3])
      .meta({ description: 'Reflexion iteration counts to report pass@1 at; 1 is plain generation (the paper reports 1 and 3).' }),
    runs: positiveInt().max(10).default(3).meta({ description: 'Independent runs; pass@1 is reported as mean ± std over them.' }),
    baseModel: z.boolean().default(false).meta({ description: 'Also evaluate the model before training, for comparison.' }),
    temperature: z.number().min(0).optional().meta({ description: 'Defaults to training.temperature.' }),
    topP: z.number().gt(0).max(1).optional().meta({ description: 'Defaults to training.topP.' }),
    maxNewTokens: positiveInt()
      .optional()
      .meta({ description: 'Completion length cap. Defaults to the model\'s maximum generation length, as the paper evaluates (App. D.3): its context as the inference service reports it (max_position_embeddings on hf, max_model_len on vllm; 2,048 for builtin:coder, 4,096 for builtin:tiny) less the prompt.' }),
    selfReflection: z
      .boolean()
      .default(false)
      .meta({ description: 'Reflexion\'s self-reflection step (the paper\'s App. C): after a failed attempt the model first writes a diagnosis and a proposed fix, and the next attempt\'s prompt shows it with that attempt\'s feedback. Off: the retry prompt shows the feedback alone, as in training.' }),
  })
  .meta({ description: 'Reflexion-style pass@1 evaluation after training (murphy eval), run as a Job; results go to status.evaluation. Feedback shows the visible tests only; the final program is scored on the full test suite.' });

/** The trackers murphy logs to; any other key under spec.tracking is refused with this message. */
export const TRACKERS = ['mlflow', 'tensorboard', 'wandb', 'trackio'] as const;

const MLFLOW_URI_PATTERN = /^(https?:\/\/[^\s/:]+(:[0-9]{1,5})?(\/\S*)?|file:\/\S*|sqlite:\/\/\/\S+|databricks(:\/\/\S+)?)$/;

export const mlflowTrackingSchema = z
  .strictObject({
    trackingUri: z
      .string()
      .regex(MLFLOW_URI_PATTERN, 'must be an MLflow tracking URI: http(s)://host[:port][/path], file:/path, sqlite:///path or databricks')
      .meta({ description: 'The MLflow tracking server, e.g. "http://mlflow.mlflow.svc:5000" (in a cluster) or "http://127.0.0.1:5000"; file:/path and sqlite:///path write a local store instead.' }),
    experimentName: z.string().min(1).optional().meta({ description: 'Created when missing. Defaults to "murphy".' }),
  })
  .meta({ description: 'Log to MLflow: one MLflow run per MurphyRun (its id kept in the run directory, so a resumed run continues it); credentials (MLFLOW_TRACKING_USERNAME and _PASSWORD, or _TOKEN) from credentialsSecret.' });

export const tensorboardTrackingSchema = z
  .strictObject({})
  .meta({ description: 'Write TensorBoard event files into the run directory, under tracking/tensorboard (in a cluster: on the run\'s volume).' });

export const wandbTrackingSchema = z
  .strictObject({
    project: z.string().min(1).meta({ description: 'The W&B project.' }),
    entity: z.string().min(1).optional().meta({ description: 'The W&B team or user; defaults to the API key\'s.' }),
    mode: z
      .enum(['offline', 'online'])
      .default('offline')
      .meta({ description: 'offline: run files under tracking/wandb in the run directory, uploaded later with `wandb sync`; online: sent as the run goes (WANDB_API_KEY from credentialsSecret).' }),
  })
  .meta({ description: 'Log to Weights & Biases.' });

export const trackioTrackingSchema = z
  .strictObject({
    project: z.string().min(1).meta({ description: 'The trackio project.' }),
  })
  .meta({ description: 'Log to trackio: a local store under tracking/trackio in the run directory (`TRACKIO_DIR=<that folder> trackio show` opens its dashboard).' });

export const trackingSchema = z
  .strictObject(
    {
      mlflow: mlflowTrackingSchema.optional(),
      tensorboard: tensorboardTrackingSchema.optional(),
      wandb: wandbTrackingSchema.optional(),
      trackio: trackioTrackingSchema.optional(),
      credentialsSecret: z
        .string()
        .min(1)
        .max(253)
        .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be the name of a Secret: lower case letters, digits, "-" and "."')
        .optional()
        .meta({ description: 'A Secret in the run\'s namespace whose keys become the tracking process\'s environment (MLFLOW_TRACKING_USERNAME, MLFLOW_TRACKING_PASSWORD, MLFLOW_TRACKING_TOKEN, WANDB_API_KEY, ...). Never put credentials in the spec. A local run reads them from its own environment.' }),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown tracker: murphy logs to ${TRACKERS.join(', ')}` : undefined) },
  )
  .meta({ description: 'Experiment trackers that receive every step\'s metrics, every evaluation and the resolved spec, through their own client libraries, beside metrics.jsonl (see docs/tracking.md). A tracker that cannot be reached never stops training: what it missed is sent once it is back.' });

export const murphyRunSpecSchema = z
  .strictObject({
    model: modelSchema,
    dataset: trainingDatasetSchema,
    algorithm: algorithmSchema.default(() => algorithmSchema.parse({})),
    training: trainingSchema.default(() => trainingSchema.parse({})),
    inference: inferenceSchema.default(() => inferenceSchema.parse({})),
    executor: executorSchema.default(() => executorSchema.parse({})),
    trainer: trainerSchema.default(() => trainerSchema.parse({})),
    coordinator: coordinatorSchema.default({}),
    storage: storageSchema.default(() => storageSchema.parse({})),
    evaluation: evaluationSchema.optional(),
    tracking: trackingSchema.optional(),
    suspend: z.boolean().default(false).meta({ description: 'Scale the run to zero, keeping its checkpoints.' }),
  })
  .meta({ description: 'What to train, on which data, with which MURPHY settings and resources.' });

export const conditionSchema = z.strictObject({
  type: z.string(),
  status: z.enum(['True', 'False', 'Unknown']),
  reason: z.string(),
  message: z.string(),
  lastTransitionTime: z.string(),
  observedGeneration: z.number().int().optional(),
});

export const phaseSchema = z.enum(['Pending', 'Initializing', 'Running', 'Suspended', 'Succeeded', 'Failed']);

export const evaluationStatusSchema = z
  .strictObject({
    phase: z.enum(['Pending', 'Running', 'Succeeded', 'Failed']).optional(),
    message: z.string().optional(),
    results: z
      .array(
        z.strictObject({
          model: z.string().meta({ description: '"base" (before training) or "final".' }),
          dataset: z.string(),
          iterations: z.number().int(),
          passAt1: z.number().meta({ description: 'Mean pass@1 over the runs (0..1).' }),
          std: z.number(),
          problems: z.number().int(),
        }),
      )
      .optional(),
  })
  .meta({ description: 'Results of spec.evaluation, one entry per model, dataset and iteration count.' });

export const murphyRunStatusSchema = z.strictObject({
  phase: phaseSchema.optional(),
  conditions: z.array(conditionSchema).optional().meta({
    description:
      'Ready, InferenceReady, ExecutorReady, TrainerReady, CoordinatorReady, StorageReady, Suspended, Complete, Failed, ExecutorSandboxDegraded, TrackingDegraded (with spec.tracking: a tracker cannot log; training goes on). ' +
      'A failed trainer or coordinator Job sets reason Restarting on TrainerReady and CoordinatorReady, and past the restart limit reason RestartLimitExceeded on Failed; ' +
      "their message names the Job's reason and how its failed container ended: reason (Error, OOMKilled, ...), exit code and the last lines of its termination message. " +
      "StorageReady's reason: Bound, ExistingClaim, NotCreated, Pending, Lost, or the provisioner's ProvisioningFailed or FailedBinding with its event's message.",
  }),
  observedGeneration: z.number().int().optional(),
  step: z.number().int().optional(),
  totalSteps: z.number().int().optional(),
  passRates: z.array(z.number()).optional().meta({ description: 'Pass rate of the last step, per turn.' }),
  passRateSummary: z.string().optional().meta({ description: 'passRates as text, for kubectl get.' }),
  lastCheckpoint: z
    .strictObject({ step: z.number().int(), path: z.string(), time: z.string().optional() })
    .optional(),
  restartCount: z.number().int().optional(),
  evaluation: evaluationStatusSchema.optional(),
});

export const objectMetaSchema = z
  .object({
    name: z.string().min(1).max(63).regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS label: lower case letters, digits and "-"'),
    namespace: z.string().optional(),
  })
  .loose();

export const murphyRunSchema = z.strictObject({
  apiVersion: z.literal(`${API_GROUP}/${API_VERSION}`),
  kind: z.literal(KIND),
  metadata: objectMetaSchema,
  spec: murphyRunSpecSchema,
  status: murphyRunStatusSchema.optional(),
});

export type MurphyRunSpecInput = z.input<typeof murphyRunSpecSchema>;
export type MurphyRunSpec = z.output<typeof murphyRunSpecSchema>;
export type MurphyRun = z.output<typeof murphyRunSchema>;
export type MurphyRunStatus = z.output<typeof murphyRunStatusSchema>;
export type Condition = z.output<typeof conditionSchema>;
export type Phase = z.output<typeof phaseSchema>;
/** A problem set: spec.dataset (which adds feedbackTests) or one of spec.evaluation.datasets. */
export type DatasetSpec = z.output<typeof datasetSchema>;
export type EvaluationSpec = z.output<typeof evaluationSchema>;
export type TrackingSpec = z.output<typeof trackingSchema>;
export type EvaluationStatus = z.output<typeof evaluationStatusSchema>;
