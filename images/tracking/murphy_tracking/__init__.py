"""murphy's tracking follower: a run directory's metrics.jsonl and evaluation reports, logged to
MLflow, TensorBoard, Weights & Biases and trackio through each tracker's own client library."""
