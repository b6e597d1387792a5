// `murphy operator`: the Kubernetes operator. Runs until SIGTERM/SIGINT (then shuts down
// gracefully: in-flight reconciles finish and the leader lease is released); exits 1 if it loses
// the lease, so its Deployment restarts it as a standby.
import { OPERATOR_USAGE, parseOperatorFlags } from '../../../operator/flags.js';
import { Operator } from '../../../operator/operator.js';
import { loadKubeConfig } from '../../k8s/kube-config.js';
import { type Command } from '../command.js';
import { UsageError } from '../../user-input/usage-error.js';

export const operatorCommand: Command = {
  name: 'operator',
  usage: OPERATOR_USAGE,
  async run(args, io) {
    const flags = parseOperatorFlags(args, process.env);
    let kubeConfig;
    try {
      kubeConfig = loadKubeConfig(flags.kubeconfig ? { kubeconfig: flags.kubeconfig } : {});
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    let lost = false;
    const operator = new Operator({
      kubeConfig,
      settings: { images: flags.images, restartLimit: flags.restartLimit, restartBackoffMs: flags.restartBackoffMs, executorRuntimeClass: flags.executorRuntimeClass },
      namespaces: flags.namespaces,
      concurrency: flags.concurrency,
      ...(flags.identity ? { identity: flags.identity } : {}),
      leaderElection: flags.leaderElect ? { namespace: flags.leaderElectionNamespace } : undefined,
      metricsPort: flags.metricsPort,
      log: (message) => io.stderr(`murphy operator: ${message}\n`),
      onLostLeadership: () => {
        lost = true;
        stop();
      },
    });
    let stop: () => void = () => {};
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    await operator.start();
    io.stderr(`murphy operator: ${operator.identity} started; watching ${flags.namespaces?.join(', ') ?? 'all namespaces'}\n`);
    await stopped;
    io.stderr('murphy operator: shutting down\n');
    await operator.stop();
    return lost ? 1 : 0;
  },
};
