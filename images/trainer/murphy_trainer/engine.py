"""One rank's training engine: the TRL trainer set up for step-at-a-time use, plus export and checkpoints.

Every rank holds one engine and runs the same calls in the same order (commands.py sees to it); the
optimiser step, gradient clipping and checkpoint format are those of transformers' Trainer loop.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.distributed as dist
from torch.distributed.fsdp import FSDPModule
from transformers import AutoModelForCausalLM, AutoTokenizer
from transformers.trainer_callback import ExportableState, TrainerState

from murphy_trainer import checkpoints
from murphy_trainer.grpo import MurphyGRPOTrainer, Sampling, grpo_config
from murphy_trainer.importance_weights import ImportanceWeights
from murphy_trainer.samples import Plan, TrainSample, plan
from murphy_trainer.schedule import learning_rate_at
from murphy_trainer.settings import TrainSettings

# transformers' scheduler stays constant (the engine sets each step's rate: schedule.py) and ignores its
# length; transformers still asks for one, and saves the scheduler with every checkpoint.
SCHEDULE_STEPS = 10**9


@dataclass(frozen=True)
class StepResult:
    loss: float
    kl: float
    clip_fraction: float
    grad_norm: float
    tokens: int
    samples: int
    seconds: float
    policy_version: int
    learning_rate: float
    # The sampling correction's weights over the step's completion tokens; None when the correction is off.
    importance_weights: ImportanceWeights | None = None


@dataclass(frozen=True)
class Saved:
    directory: Path
    policy_version: int
    seconds: float
    bytes: int = 0


def weighted_mean(values: list[float], weights: list[int]) -> float:
    total = sum(weights)
    return sum(v * w for v, w in zip(values, weights, strict=True)) / total if values and total else 0.0


class TrainingEngine:
    def __init__(self, model_dir: Path, settings: TrainSettings, checkpoint_dir: Path):
        self.settings = settings
        self.checkpoint_dir = Path(checkpoint_dir)
        self.tokenizer = AutoTokenizer.from_pretrained(model_dir)
        model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32)
        use_cpu = not torch.cuda.is_available()
        if settings.sharding == "fsdp" and "LOCAL_RANK" not in os.environ:
            # transformers' Trainer refuses FSDP outside torchrun; say which field and what to do instead.
            raise ValueError(
                "spec.trainer.sharding: fsdp shards over torchrun's ranks; start the trainer under torchrun "
                "(as murphy and the operator do) or use sharding: none"
            )
        self.trainer = MurphyGRPOTrainer(
            model,
            self.tokenizer,
            grpo_config(settings, self.checkpoint_dir, use_cpu),
            Sampling(settings.temperature, settings.top_p),
        )
        trainer = self.trainer
        trainer.state = TrainerState(
            stateful_callbacks=[
                cb for cb in [*trainer.callback_handler.callbacks, trainer.control] if isinstance(cb, ExportableState)
            ]
        )
        trainer.create_optimizer()
        trainer.create_scheduler(num_training_steps=SCHEDULE_STEPS)
        self.model, trainer.optimizer = trainer.accelerator.prepare(trainer.model, trainer.optimizer)
        trainer.model_wrapped = self.model
        self.resumed_from = self._resume()

    @property
    def policy_version(self) -> int:
        return int(self.trainer.state.global_step)

    @property
    def rank(self) -> int:
        return int(self.trainer.accelerator.process_index)

    @property
    def world_size(self) -> int:
        return int(self.trainer.accelerator.num_processes)

    @property
    def vocab_size(self) -> int:
        return int(self.trainer.model.config.vocab_size)

    @property
    def max_tokens(self) -> int:
        return int(self.trainer.model.config.max_position_embeddings)

    @property
    def layout(self) -> str:
        """How the policy sits on the ranks, e.g. "(FSDP2, bf16, activation checkpointing)"."""
        # From the prepared policy itself, whose parameters are DTensor shards when it is an FSDPModule.
        parts = ["FSDP2" if isinstance(self.model, FSDPModule) else "replicated"]
        parts.append("bf16" if self.trainer.args.bf16 else "fp32")
        if self.settings.gradient_checkpointing:
            parts.append("activation checkpointing")
        return f"({', '.join(parts)})"

    @property
    def needs_sampling_logprobs(self) -> bool:
        return self.settings.importance_sampling != "none"

    @property
    def device(self) -> str:
        return str(self.trainer.accelerator.device)

    def step(self, samples: list[TrainSample], total_steps: int | None = None) -> StepResult:
        """One optimiser step on the whole batch (this rank trains on its share of it). total_steps: the
        run's length, over which a linear learning-rate schedule decays."""
        start = time.perf_counter()
        learning_rate = learning_rate_at(
            self.settings.lr_schedule, self.settings.learning_rate, self.policy_version, total_steps
        )
        work = plan(samples, self.world_size, self.settings.micro_batch_size, self.settings.loss_aggregation)
        metrics = self.trainer._metrics["train"]
        metrics.clear()
        self.trainer.murphy_importance_weights.reset()
        loss = self._accumulate(work)
        grad_norm = self._optimizer_step(learning_rate)
        weights = [work.weight(m) for m in range(len(work.micro_batches[0]))]
        result = StepResult(
            loss=loss,
            kl=weighted_mean(metrics.get("kl", []), weights),
            clip_fraction=weighted_mean(metrics.get("clip_ratio/region_mean", []), weights),
            grad_norm=grad_norm,
            tokens=sum(s.tokens for s in samples),
            samples=len(samples),
            seconds=time.perf_counter() - start,
            policy_version=self.policy_version,
            learning_rate=learning_rate,
            importance_weights=self._importance_weights(),
        )
        if self.settings.checkpoint_interval and self.policy_version % self.settings.checkpoint_interval == 0:
            self.save_checkpoint()
        return result

    def export(self, directory: Path | None = None) -> Saved:
        """The policy as a transformers model directory (config, safetensors, tokenizer) for LoadWeights,
        written beside the target and renamed into place so that no reader sees half of it."""
        start = time.perf_counter()
        target = Path(directory) if directory else self.checkpoint_dir / "exports" / f"policy-{self.policy_version:06d}"
        # Every rank takes part: with sharding, the full weights are gathered from all of them.
        state_dict = self.trainer.accelerator.get_state_dict(self.model)
        if self.rank == 0:
            staging = target.with_name(f".{target.name}.partial")
            shutil.rmtree(staging, ignore_errors=True)
            model = self.trainer.accelerator.unwrap_model(self.model)
            # Gathered from shards, a tied weight (lm_head = embeddings) is a copy of its own, which
            # save_pretrained (it finds ties by storage) would write twice: keep the source, as replicas do.
            tied = getattr(model, "all_tied_weights_keys", None) or {}
            state_dict = {k: v for k, v in state_dict.items() if tied.get(k) not in state_dict}
            model.save_pretrained(staging, state_dict=state_dict, safe_serialization=True)
            self.tokenizer.save_pretrained(staging)
            shutil.rmtree(target, ignore_errors=True)
            staging.rename(target)
            checkpoints.prune_exports(self.checkpoint_dir / "exports", keep=3, current=target)
        self._barrier()
        size = sum(f.stat().st_size for f in target.glob("*.safetensors")) if self.rank == 0 else 0
        return Saved(target, self.policy_version, time.perf_counter() - start, size)

    def save_checkpoint(self) -> Saved:
        """Model, optimiser, scheduler, RNG and step in transformers' checkpoint layout."""
        start = time.perf_counter()
        self.trainer._save_checkpoint(self.model, trial=None)
        directory = checkpoints.path_for(self.checkpoint_dir, self.policy_version)
        self._barrier()
        if self.rank == 0:
            checkpoints.mark_complete(directory)
        self._barrier()
        return Saved(directory, self.policy_version, time.perf_counter() - start)

    def last_checkpoint(self) -> Path | None:
        return checkpoints.latest(self.checkpoint_dir)

    def _accumulate(self, work: Plan) -> float:
        """Forward and backward over this rank's micro-batches; returns the batch objective."""
        trainer = self.trainer
        mine = work.micro_batches[self.rank]
        trainer.current_gradient_accumulation_steps = len(mine)
        trainer.murphy_weight_scale = 1.0 / work.smallest_weight
        total = torch.zeros((), device=trainer.accelerator.device)
        for m, micro in enumerate(mine):
            last = m == len(mine) - 1
            # Each micro-batch weighs by its part of the batch objective (see MurphyGRPOTrainer.compute_loss).
            trainer.murphy_loss_scale = self.world_size * len(mine) * work.weight(m, self.rank)
            trainer.accelerator.gradient_state._set_sync_gradients(last)
            sync = contextlib.nullcontext if last else functools.partial(trainer.accelerator.no_sync, model=self.model)
            with sync():
                total += trainer.training_step(self.model, micro, None)
        if self.world_size > 1:
            dist.all_reduce(total)
        return float(total) / self.world_size

    def _importance_weights(self) -> ImportanceWeights | None:
        if not self.needs_sampling_logprobs:
            return None
        return self.trainer.murphy_importance_weights.summary(self.world_size, self.trainer.accelerator.device)

    def _optimizer_step(self, learning_rate: float) -> float:
        trainer = self.trainer
        if self.settings.max_grad_norm > 0:
            grad_norm = trainer._clip_grad_norm(self.model)
        else:
            grad_norm = trainer._get_grad_norm(self.model)
        for group in trainer.optimizer.param_groups:
            group["lr"] = learning_rate
        trainer.optimizer.step()
        self.model.zero_grad()
        trainer.state.global_step += 1
        return float(grad_norm)

    def _resume(self) -> Path | None:
        latest = checkpoints.latest(self.checkpoint_dir)
        if latest is None:
            return None
        trainer = self.trainer
        trainer._load_from_checkpoint(str(latest))
        trainer._load_optimizer_and_scheduler(str(latest))
        trainer._load_rng_state(str(latest))
        trainer.state = TrainerState.load_from_json(str(latest / checkpoints.STATE_FILE))
        return latest

    def _barrier(self) -> None:
        if self.world_size > 1:
            dist.barrier()
