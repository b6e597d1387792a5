"""murphy's GRPO on TRL: TRL's GRPOTrainer with murphy supplying samples and advantages.

TRL's trainer generates completions and scores them in `_generate_and_score_completions`, then computes
the clipped, KL-penalised loss in `_compute_loss`. murphy overrides only the first: its samples arrive
already generated (by the inference service) and scored (advantages by the coordinator), so the hook
turns them into the tensors TRL's loss reads, with the frozen reference's log-probs from TRL's own helper.

The objective weighs each sample's token mean by the sample's weight (aggregation.py). TRL's "bnpo" loss
is sum(per-token loss * mask) / sum(mask); the hook gives it a per-token loss weight (TRL's `tool_mask`,
multiplied into the mask) of weight_i / |completion_i|, so that it computes sum_i w_i * mean_t(L_it) /
sum_i w_i, and `compute_loss` is wrapped to weight micro-batches and ranks by their share of the batch.
TRL is pinned exactly (pyproject.toml): tests/test_trl_hooks.py fails loudly when the hook's signature
or the loss's inputs change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from datasets import Dataset
from murphy_inference.sampler import processed_logprobs
from transformers import PreTrainedModel, PreTrainedTokenizerBase
from trl import GRPOConfig, GRPOTrainer
from trl.trainer.utils import pad

from murphy_trainer.cpu_sharding import shard_cpu_ranks
from murphy_trainer.importance_weights import WeightTally
from murphy_trainer.samples import TrainSample
from murphy_trainer.settings import TrainSettings


def advantages_come_from_murphy(**_kwargs: Any) -> list[float]:
    """GRPOTrainer requires a reward function; murphy's hook never calls it."""
    raise RuntimeError("murphy supplies advantages with its samples; TRL's reward functions are not used")


@dataclass(frozen=True)
class Sampling:
    """How inference samples the completions (spec.training.temperature and topP; temperature 0: greedy)."""

    temperature: float
    top_p: float


# Vocabulary-wide rows (logits, their sort) taken at once by the sampling correction: bounds its memory
# for long completions of large vocabularies.
LOGPROB_ROWS = 256

# spec.training.importanceSampling -> TRL's truncated modes.
TRL_SAMPLING_MODES = {"token": "token_truncate", "sequence": "sequence_truncate"}


def memory_layout(settings: TrainSettings, use_cpu: bool) -> dict[str, Any]:
    """spec.trainer's sharding, precision and gradient checkpointing as transformers/accelerate options.

    - bf16: accelerate's bf16 mixed precision (autocast; with FSDP2 its MixedPrecisionPolicy), while the
      policy's master weights and AdamW's moments stay fp32 (the engine loads it in fp32): AdamW steps of
      lr 1e-6 are far below bf16's resolution (8 bits of mantissa) and would round to no change. The frozen
      reference, which is never updated, is loaded in bf16 (TRL builds it from model_init_kwargs).
    - fsdp: FSDP2 through accelerate, every decoder layer a shard unit (the model's _no_split_modules),
      parameters resharded after the forward pass; the reference is sharded too (TRL's prepare_fsdp).
      On CPU ranks accelerate would replicate instead; cpu_sharding.py makes it shard there too.
    - gradient checkpointing: FSDP's own activation checkpointing when sharded (transformers' argument
      would add an all-gather to the backward pass), transformers' otherwise.
    """
    bf16 = settings.bf16(on_gpu=not use_cpu)
    fsdp = settings.sharding == "fsdp"
    options: dict[str, Any] = {
        "bf16": bf16,
        "activation_checkpointing": settings.gradient_checkpointing and not fsdp,
        "model_init_kwargs": {"dtype": torch.bfloat16} if bf16 else None,
    }
    if fsdp:
        options["fsdp"] = True
        options["fsdp_config"] = {
            "version": 2,
            "reshard_after_forward": True,
            "activation_checkpointing": settings.gradient_checkpointing,
            "state_dict_type": "FULL_STATE_DICT",
        }
    return options


def grpo_config(settings: TrainSettings, output_dir: Path, use_cpu: bool) -> GRPOConfig:
    return GRPOConfig(
        **memory_layout(settings, use_cpu),
        output_dir=str(output_dir),
        loss_type="bnpo",  # with murphy's per-token weights: sum_i w_i * token mean_i (see the module doc)
        beta=settings.beta,
        use_bias_correction_kl=False,  # ALGORITHM.md's KL term: the plain k3 estimate, not ratio-weighted
        epsilon=settings.epsilon,
        epsilon_high=settings.epsilon,
        temperature=settings.logprob_temperature,
        learning_rate=settings.learning_rate,
        weight_decay=settings.weight_decay,
        max_grad_norm=settings.max_grad_norm,
        lr_scheduler_type="constant",  # the schedule is schedule.py's, set by the engine before each step
        optim="adamw_torch",
        seed=settings.seed,
        # The sampling correction: TRL's truncated importance sampling (built for vLLM's log-probs).
        vllm_importance_sampling_correction=settings.importance_sampling != "none",
        vllm_importance_sampling_mode=TRL_SAMPLING_MODES.get(settings.importance_sampling, "token_truncate"),
        vllm_importance_sampling_clip_max=settings.importance_sampling_cap,
        num_iterations=1,
        steps_per_generation=1,
        gradient_accumulation_steps=1,
        per_device_train_batch_size=2,
        num_generations=2,
        mask_truncated_completions=False,
        disable_dropout=True,
        use_cpu=use_cpu,
        report_to=[],
        save_strategy="no",
        logging_strategy="no",
        log_completions=False,
    )


class MurphyGRPOTrainer(GRPOTrainer):
    """GRPOTrainer whose `inputs` are murphy TrainSamples (one micro-batch of one rank)."""

    def __init__(
        self, model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase, args: GRPOConfig, sampling: Sampling
    ):
        super().__init__(
            model=model,
            reward_funcs=[advantages_come_from_murphy],
            args=args,
            train_dataset=Dataset.from_list([{"prompt": "unused: murphy sends its samples over gRPC"}] * 2),
            processing_class=tokenizer,
        )
        # TRL applies its sampling correction in _compute_loss only for samples from an external engine
        # (`use_vllm`); murphy's always are. TRL's other readers of the flag are its own generation paths,
        # which murphy's hook replaces, so no vLLM client is ever made.
        self.use_vllm = args.vllm_importance_sampling_correction
        self.sampling = sampling
        # Set per micro-batch by the engine: this micro-batch's share of the whole batch (see compute_loss),
        # and one factor for the whole step that keeps every micro-batch's sum of weights at least 1
        # (TRL's bnpo clamps the mask's sum from below at 1).
        self.murphy_loss_scale = 1.0
        self.murphy_weight_scale = 1.0
        # The sampling correction's weights of this rank's micro-batches, reset by the engine each step.
        self.murphy_importance_weights = WeightTally()

    def create_accelerator_and_postprocess(self) -> None:
        super().create_accelerator_and_postprocess()
        # Before TRL prepares the reference and before the engine prepares the policy, so both are sharded.
        if shard_cpu_ranks(self.accelerator, self.args.fsdp_plugin_args):
            self.is_fsdp_enabled = True

    def _generate_and_score_completions(self, inputs: list[TrainSample]) -> dict[str, torch.Tensor | Any]:
        device = self.accelerator.device
        pad_id = self._tokenizer.pad_token_id
        prompt_ids, prompt_mask = self._padded([s.prompt_ids for s in inputs], pad_id, "left")
        completion_ids, completion_mask = self._padded([s.completion_ids for s in inputs], pad_id, "right")
        completion_mask[[i for i, s in enumerate(inputs) if s.padding]] = 0
        output: dict[str, torch.Tensor | Any] = {
            "prompt_ids": prompt_ids,
            "prompt_mask": prompt_mask,
            "completion_ids": completion_ids,
            "completion_mask": completion_mask,
            "advantages": torch.tensor([s.advantage for s in inputs], dtype=torch.float32, device=device),
            "tool_mask": self._loss_weights(inputs, completion_mask),
            "num_items_in_batch": completion_mask.sum(),
        }
        # No old_per_token_logps: with one optimiser step per batch, pi_old is the policy before this step,
        # and TRL then takes the trainer's own log-probs (detached) as the ratio's denominator: r = 1.
        if self.vllm_importance_sampling_correction:
            ratio = self._sampling_correction(inputs, completion_mask)
            self.murphy_importance_weights.add(ratio, completion_mask)
            output["importance_sampling_ratio"] = ratio
        if self.beta != 0.0:
            output["ref_per_token_logps"] = self._reference_logps(
                prompt_ids, prompt_mask, completion_ids, completion_mask
            )
        return output

    def compute_loss(
        self,
        model: torch.nn.Module,
        inputs: dict[str, Any],
        return_outputs: bool = False,
        num_items_in_batch: torch.Tensor | None = None,
    ) -> torch.Tensor:
        # TRL's loss is the weighted mean over this micro-batch divided by the accumulation steps; DDP then
        # averages over ranks. Rescaling makes the sum of all gradients that of the batch objective.
        loss = super().compute_loss(model, inputs, return_outputs, num_items_in_batch)
        return loss * self.murphy_loss_scale

    @torch.no_grad()
    def _sampling_correction(self, inputs: list[TrainSample], completion_mask: torch.Tensor) -> torch.Tensor:
        """pi_trainer / pi_sampler, per token or per sequence, capped from above (TRL's "token_truncate" and
        "sequence_truncate", whose computation is inline in the hook murphy replaces).

        Both sides are of the distribution the sampler draws from (processed_logprobs: tempered, truncated
        to the top-p nucleus, renormalised), so a sample of the trainer's own policy weighs 1; the clipped
        ratio and the KL term stay on the tempered softmax as TRL computes them. A token outside the
        trainer's nucleus weighs 0: the trainer's policy would not have drawn it."""
        device = self.accelerator.device
        rows = [self._processed_logps(s) - torch.tensor(s.sampling_logprobs or [], device=device) for s in inputs]
        difference = pad(rows, padding_value=0.0, padding_side="right").masked_fill(completion_mask == 0, 0.0)
        if self.vllm_importance_sampling_mode == "sequence_truncate":
            difference = difference.sum(dim=-1, keepdim=True)
        return torch.clamp(torch.exp(difference), max=self.vllm_importance_sampling_clip_max)

    def _processed_logps(self, sample: TrainSample) -> torch.Tensor:
        """The policy's log-probs of the sample's completion tokens, as the sampler computes its own: one
        unpadded sequence (the positions the sampler saw), a bounded number of vocabulary rows at a time."""
        ids = torch.tensor(sample.prompt_ids + sample.completion_ids, device=self.accelerator.device)
        count = len(sample.completion_ids)
        with self.accelerator.autocast():
            logits = self.model(input_ids=ids[None], logits_to_keep=count + 1).logits[0, :-1]
        chosen = ids[-count:, None]
        return torch.cat(
            [
                processed_logprobs(rows, self.sampling.temperature, self.sampling.top_p).gather(-1, tokens)[:, 0]
                for rows, tokens in zip(logits.split(LOGPROB_ROWS), chosen.split(LOGPROB_ROWS), strict=True)
            ]
        )

    def _loss_weights(self, inputs: list[TrainSample], completion_mask: torch.Tensor) -> torch.Tensor:
        """Per-token weight w_i / |completion_i| (zero for padding), scaled by murphy_weight_scale."""
        per_sample = [self.murphy_weight_scale * s.weight / max(len(s.completion_ids), 1) for s in inputs]
        weights = torch.tensor(per_sample, dtype=torch.float32, device=completion_mask.device)
        return weights[:, None] * completion_mask.float()

    def _padded(self, rows: list[list[int]], pad_id: int, side: str) -> tuple[torch.Tensor, torch.Tensor]:
        ids = [torch.tensor(row, dtype=torch.long) for row in rows]
        masks = [torch.ones_like(row) for row in ids]
        device = self.accelerator.device
        return (
            pad(ids, padding_value=pad_id, padding_side=side).to(device),
            pad(masks, padding_value=0, padding_side=side).to(device),
        )

    @torch.no_grad()
    def _reference_logps(
        self,
        prompt_ids: torch.Tensor,
        prompt_mask: torch.Tensor,
        completion_ids: torch.Tensor,
        completion_mask: torch.Tensor,
    ) -> torch.Tensor:
        logps, _, _ = self._get_per_token_logps_and_entropies(
            self.ref_model,
            torch.cat([prompt_ids, completion_ids], dim=1),
            torch.cat([prompt_mask, completion_mask], dim=1),
            completion_ids.size(1),
        )
        return logps
