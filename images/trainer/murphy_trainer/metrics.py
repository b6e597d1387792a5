"""The trainer's Prometheus metrics (rank 0), in a registry of their own."""

from __future__ import annotations

from dataclasses import asdict

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from murphy_trainer.engine import StepResult

STEP_BUCKETS = (0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800)


class TrainerMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter(
            "murphy_trainer_requests", "gRPC requests by method and status code", ["method", "code"], registry=r
        )
        self.latency = Histogram(
            "murphy_trainer_request_seconds",
            "gRPC request latency by method (queueing included)",
            ["method"],
            buckets=STEP_BUCKETS,
            registry=r,
        )
        self.steps = Counter("murphy_trainer_steps", "Optimisation steps applied", registry=r)
        self.step_seconds = Histogram(
            "murphy_trainer_step_seconds", "Duration of one Train step", buckets=STEP_BUCKETS, registry=r
        )
        self.samples = Counter("murphy_trainer_samples", "Samples trained on", registry=r)
        self.tokens = Counter("murphy_trainer_tokens", "Completion tokens trained on", registry=r)
        self.loss = Gauge("murphy_trainer_loss", "Objective of the last step", registry=r)
        self.kl = Gauge("murphy_trainer_kl", "Mean per-token KL to the reference in the last step", registry=r)
        self.clip_fraction = Gauge(
            "murphy_trainer_clip_fraction", "Clipped token fraction in the last step", registry=r
        )
        self.grad_norm = Gauge(
            "murphy_trainer_grad_norm", "Gradient norm (before clipping) in the last step", registry=r
        )
        # Labelled, so that nothing is exported while the sampling correction is off.
        self.importance_weight = Gauge(
            "murphy_trainer_importance_weight",
            "Importance-sampling weights of the last step over its completion tokens, by statistic (mean, min, max)",
            ["stat"],
            registry=r,
        )
        self.policy_version = Gauge("murphy_trainer_policy_version", "Steps applied since the run began", registry=r)
        self.export_seconds = Histogram(
            "murphy_trainer_export_seconds", "Duration of ExportWeights", buckets=STEP_BUCKETS, registry=r
        )
        self.checkpoints = Counter("murphy_trainer_checkpoints", "Checkpoints saved", registry=r)

    def record_step(self, result: StepResult) -> None:
        self.steps.inc()
        self.step_seconds.observe(result.seconds)
        self.samples.inc(result.samples)
        self.tokens.inc(result.tokens)
        self.loss.set(result.loss)
        self.kl.set(result.kl)
        self.clip_fraction.set(result.clip_fraction)
        self.grad_norm.set(result.grad_norm)
        self.policy_version.set(result.policy_version)
        if result.importance_weights is not None:
            for stat, value in asdict(result.importance_weights).items():
                self.importance_weight.labels(stat=stat).set(value)
