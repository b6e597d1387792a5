"""murphy's tracking follower: a run directory's metrics.jsonl and evaluation reports, logged to
MLflow, TensorBoard and Weights & Biases through each tracker's own client library."""
