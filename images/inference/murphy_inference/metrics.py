"""The inference service's Prometheus metrics, in a registry of their own (tests read it directly)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

LATENCY_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600)


class InferenceMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "murphy_inference_requests",
            "gRPC requests by method and status code",
            ["method", "code"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "murphy_inference_request_seconds",
            "gRPC request latency by method",
            ["method"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.samples = Counter("murphy_inference_samples", "Completions generated", registry=self.registry)
        self.tokens = Counter(
            "murphy_inference_tokens",
            "Tokens processed, by kind (prompt or completion)",
            ["kind"],
            registry=self.registry,
        )
        self.policy_version = Gauge(
            "murphy_inference_policy_version", "Policy version being served", registry=self.registry
        )
        self.weight_loads = Counter(
            "murphy_inference_weight_loads", "Successful LoadWeights calls", registry=self.registry
        )
