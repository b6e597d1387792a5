// How a failed Job's pod ended, for the run's status: the container's reason (Error, OOMKilled,
// ...), its exit code and the last lines of its termination message (with the pods'
// terminationMessagePolicy FallbackToLogsOnError the kubelet puts the log's tail there when the
// container wrote none). The pod that failed the Job is the first one to end in a way the Job's
// podFailurePolicy counts: disrupted pods and ignored exit codes were only replaced, and the pods
// the Job controller stops after the failure end later.
import type { V1ContainerStatus, V1Job, V1Pod, V1PodFailurePolicyRule } from '@kubernetes/client-node';

export interface PodEnding {
  readonly pod: string;
  /** The container that failed; undefined when the pod failed as a whole (its status reason). */
  readonly container?: string | undefined;
  readonly reason: string;
  readonly exitCode?: number | undefined;
  readonly message: string;
  readonly finishedAt: number;
}

/** The end of the termination message the status carries: its last lines, at most this long. */
export const MESSAGE_TAIL = { lines: 5, chars: 400 } as const;

export function messageTail(message: string, limit: { lines: number; chars: number } = MESSAGE_TAIL): string {
  const lines = message.trimEnd().split('\n').slice(-limit.lines).join('\n');
  return lines.length <= limit.chars ? lines : `...${lines.slice(lines.length - limit.chars + 3)}`;
}

const statusesOf = (pod: V1Pod): V1ContainerStatus[] => [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];

function exitCodesMatch(rule: V1PodFailurePolicyRule, pod: V1Pod): boolean {
  const codes = rule.onExitCodes;
  if (!codes) return false;
  return statusesOf(pod).some((s) => {
    const code = s.state?.terminated?.exitCode;
    if (code === undefined || code === 0 || (codes.containerName && codes.containerName !== s.name)) return false;
    return codes.operator === 'In' ? codes.values.includes(code) : !codes.values.includes(code);
  });
}

const conditionsMatch = (rule: V1PodFailurePolicyRule, pod: V1Pod): boolean =>
  (rule.onPodConditions ?? []).some((want) => pod.status?.conditions?.some((c) => c.type === want.type && c.status === (want.status ?? 'True')));

/** Whether the Job's podFailurePolicy replaces this pod without counting it (the first matching rule decides). */
function ignoredByPolicy(job: V1Job, pod: V1Pod): boolean {
  const rule = job.spec?.podFailurePolicy?.rules.find((r) => conditionsMatch(r, pod) || exitCodesMatch(r, pod));
  return rule?.action === 'Ignore';
}

function endingOf(pod: V1Pod): PodEnding | undefined {
  const name = pod.metadata?.name ?? '';
  const failed = statusesOf(pod)
    .map((s) => ({ container: s.name, terminated: s.state?.terminated }))
    .filter(({ terminated }) => terminated !== undefined && terminated.exitCode !== 0)
    .map(({ container, terminated }) => ({
      pod: name,
      container,
      reason: terminated?.reason ?? 'Error',
      exitCode: terminated?.exitCode,
      message: terminated?.message ?? '',
      finishedAt: Date.parse(String(terminated?.finishedAt ?? '')) || Infinity,
    }));
  if (failed.length > 0) return failed.sort((a, b) => a.finishedAt - b.finishedAt)[0];
  const { reason, message } = pod.status ?? {};
  return reason ? { pod: name, reason, message: message ?? '', finishedAt: Infinity } : undefined;
}

/** How the pod that failed `job` ended, among the cached pods of its namespace. */
export function failedPodEnding(job: V1Job, pods: readonly V1Pod[]): PodEnding | undefined {
  const uid = job.metadata?.uid;
  const endings = pods
    .filter((p) => uid !== undefined && p.metadata?.ownerReferences?.some((r) => r.uid === uid))
    .filter((p) => p.status?.phase === 'Failed' && !ignoredByPolicy(job, p))
    .map(endingOf)
    .filter((e): e is PodEnding => e !== undefined);
  return endings.sort((a, b) => a.finishedAt - b.finishedAt)[0];
}

/** `container trainer of pod r-trainer-0-x ended: OOMKilled, exit code 137, message: "..."` */
export function describeEnding(ending: PodEnding): string {
  const what = ending.container === undefined ? `pod ${ending.pod}` : `container ${ending.container} of pod ${ending.pod}`;
  const code = ending.exitCode === undefined ? '' : `, exit code ${ending.exitCode}`;
  const message = ending.message.trim() ? `, message: "${messageTail(ending.message)}"` : '';
  return `${what} ended: ${ending.reason}${code}${message}`;
}
