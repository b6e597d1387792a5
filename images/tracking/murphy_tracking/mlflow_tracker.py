"""MLflow through MlflowClient: one MLflow run per murphy run, its id kept in the cursor. The last
step MLflow holds is read back from MLflow itself (the policyVersion metric, logged with every
step in the same batch), so a step whose batch reached the server just before a crash or a lost
response is not logged again."""

from __future__ import annotations

import os

# The follower retries on its own schedule: one quick attempt per call, never minutes of the
# client's own retries (which would hold back the other trackers).
os.environ.setdefault("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
os.environ.setdefault("MLFLOW_HTTP_REQUEST_TIMEOUT", "10")

from mlflow.entities import Metric, Param, RunStatus  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402

from .cursor import Cursor  # noqa: E402
from .tracker import ValuesTracker  # noqa: E402

SENTINEL = "policyVersion"
PARAM_BATCH = 100  # MLflow's limit per log_batch
PARAM_VALUE_LIMIT = 6000


class MlflowTracker(ValuesTracker):
    name = "mlflow"

    def __init__(self, settings: dict, run_name: str):
        self.uri = settings["trackingUri"]
        self.experiment = settings.get("experimentName") or "murphy"
        self.run_name = run_name
        self.client = MlflowClient(tracking_uri=self.uri)
        self.run_id: str | None = None

    def open(self, cursor: Cursor) -> int:
        if cursor.run_id is None:
            experiment = self.client.get_experiment_by_name(self.experiment)
            experiment_id = experiment.experiment_id if experiment else self.client.create_experiment(self.experiment)
            cursor.run_id = self.client.create_run(experiment_id, run_name=self.run_name, tags={"murphy.run": self.run_name}).info.run_id
        self.run_id = cursor.run_id
        self.client.update_run(self.run_id, status=RunStatus.to_string(RunStatus.RUNNING))
        history = self.client.get_metric_history(self.run_id, SENTINEL)
        return max((m.step for m in history), default=0)

    def log_params(self, params: dict[str, str]) -> None:
        # A param may not change its value; a resumed run whose spec changed keeps the first values.
        logged = self.client.get_run(self.run_id).data.params
        new = [Param(k, v[:PARAM_VALUE_LIMIT]) for k, v in sorted(params.items()) if k not in logged]
        for start in range(0, len(new), PARAM_BATCH):
            self.client.log_batch(self.run_id, params=new[start : start + PARAM_BATCH])

    def log_values(self, values: dict[str, float], timestamp_ms: int, step: int) -> None:
        self.client.log_batch(self.run_id, metrics=[Metric(k, v, timestamp_ms, step) for k, v in values.items()])

    def close(self, finished: bool) -> None:
        if finished and self.run_id is not None:
            self.client.set_terminated(self.run_id, RunStatus.to_string(RunStatus.FINISHED))
