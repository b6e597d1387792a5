// Schemas for the small pieces of core Kubernetes types a MurphyRun embeds (scheduling and resources).
// Kept strict so a typo such as `toleration` or `nodeselector` is reported, not silently dropped.
import { z } from 'zod';

/** A resource quantity as text: `4`, `"500m"`, `"16Gi"` (Kubernetes' quantity grammar, unsigned). */
export const QUANTITY_PATTERN = /^([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+|[numkKMGTPE]i?)?$/;

/** A resource quantity: `4`, `"500m"`, `"16Gi"`. */
export const quantitySchema = z
  .union([z.number().nonnegative(), z.string().regex(QUANTITY_PATTERN)])
  .meta({ description: 'A Kubernetes quantity such as 2, "500m" or "16Gi".', 'x-kubernetes-int-or-string': true });

export const resourceRequirementsSchema = z
  .strictObject({
    requests: z.record(z.string(), quantitySchema).optional(),
    limits: z.record(z.string(), quantitySchema).optional(),
  })
  .meta({ description: 'CPU, memory and extended resources, as in a container spec.' });

export const tolerationSchema = z.strictObject({
  key: z.string().optional(),
  operator: z.enum(['Exists', 'Equal']).optional(),
  value: z.string().optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
  tolerationSeconds: z.number().int().optional(),
});

export const nodeSelectorSchema = z
  .record(z.string(), z.string())
  .meta({ description: 'Node labels the pods must match.' });

/** Fields shared by every component that runs as pods. */
export const schedulingFields = {
  image: z.string().min(1).optional().meta({ description: 'Container image; defaults to the operator\'s configured image.' }),
  resources: resourceRequirementsSchema.optional(),
  nodeSelector: nodeSelectorSchema.optional(),
  tolerations: z.array(tolerationSchema).optional(),
};

export type ResourceRequirements = z.infer<typeof resourceRequirementsSchema>;
export type Toleration = z.infer<typeof tolerationSchema>;
