"""murphy overrides private parts of TRL and transformers; these tests fail loudly when an upgrade
changes them. Upgrading TRL means re-reading GRPOTrainer._generate_and_score_completions and
_compute_loss, then updating murphy_trainer/grpo.py, the pins in pyproject.toml and these expectations."""

import inspect
from importlib.metadata import version

import pytest
from accelerate.state import AcceleratorState
from transformers import Trainer
from trl import GRPOTrainer


def parameters(function: object) -> list[str]:
    return list(inspect.signature(function).parameters)  # type: ignore[arg-type]


def test_versions_are_the_pinned_ones() -> None:
    assert version("trl") == "1.16.0"
    assert version("transformers") == "5.23.0"
    assert version("accelerate") == "1.15.0"


def test_the_generation_hook_murphy_overrides_keeps_its_signature_and_caller() -> None:
    assert parameters(GRPOTrainer._generate_and_score_completions) == ["self", "inputs"]
    assert "self._generate_and_score_completions(generation_batch)" in inspect.getsource(GRPOTrainer._prepare_inputs)


def test_the_loss_reads_the_inputs_murphys_hook_provides() -> None:
    assert parameters(GRPOTrainer._compute_loss) == ["self", "model", "inputs"]
    source = inspect.getsource(GRPOTrainer._compute_loss)
    for key in (
        "prompt_ids",
        "prompt_mask",
        "completion_ids",
        "completion_mask",
        "advantages",
        "old_per_token_logps",
        "ref_per_token_logps",
    ):
        assert f'inputs["{key}"]' in source or f'inputs.get("{key}")' in source, key
    # murphy's weighting (grpo.py): bnpo's weighted token sum over the weights, the weights in tool_mask.
    assert 'mask = completion_mask if "tool_mask" not in inputs else completion_mask * inputs["tool_mask"]' in source
    assert "loss = (per_token_loss * mask).sum() / mask.sum().clamp(min=1.0)" in source
    # The sampling correction (grpo.py sets use_vllm when it is on and supplies the ratio).
    assert 'if self.use_vllm and self.vllm_importance_sampling_correction and self.loss_type != "vespo":' in source
    assert 'per_token_loss = per_token_loss * inputs["importance_sampling_ratio"]' in source
    # Without old_per_token_logps the ratio's denominator is the trainer's own log-probs, detached.
    assert "old_per_token_logps = per_token_logps.detach() if old_per_token_logps is None" in source
    assert "per_token_kl = (\n                torch.exp(ref_per_token_logps - per_token_logps)" in source


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        (GRPOTrainer.compute_loss, ["self", "model", "inputs", "return_outputs", "num_items_in_batch"]),
        (
            GRPOTrainer._get_per_token_logps_and_entropies,
            ["self", "model", "input_ids", "attention_mask", "logits_to_keep", "batch_size"],
        ),
        (Trainer.training_step, ["self", "model", "inputs", "num_items_in_batch"]),
        (Trainer._clip_grad_norm, ["self", "model"]),
        (Trainer._get_grad_norm, ["self", "model", "grad_norm"]),
        (Trainer.create_scheduler, ["self", "num_training_steps", "optimizer"]),
        (GRPOTrainer._save_checkpoint, ["self", "model", "trial"]),
        (Trainer._load_from_checkpoint, ["self", "resume_from_checkpoint", "model"]),
        (GRPOTrainer._load_optimizer_and_scheduler, ["self", "checkpoint"]),
        (Trainer._load_rng_state, ["self", "checkpoint"]),
    ],
)
def test_the_trainer_loop_pieces_murphy_calls_keep_their_signatures(method: object, expected: list[str]) -> None:
    assert parameters(method)[: len(expected)] == expected


def test_accelerate_sets_fsdp_the_way_cpu_sharding_repeats_it() -> None:
    # murphy_trainer/cpu_sharding.py does on CPU ranks what this branch does on GPUs, after transformers'
    # create_accelerator_and_postprocess (overridden in grpo.py), which derives is_fsdp_enabled from it.
    state = inspect.getsource(AcceleratorState.__init__)
    assert "self.__dict__.update(PartialState._shared_state)" in state
    assert "self.distributed_type = DistributedType.FSDP" in state
    assert "fsdp_plugin.set_mixed_precision(self._mixed_precision)" in state
    assert "self.fsdp_plugin = fsdp_plugin" in state
    assert parameters(Trainer.create_accelerator_and_postprocess) == ["self"]
    postprocess = inspect.getsource(Trainer.create_accelerator_and_postprocess)
    assert 'self.is_fsdp_enabled = getattr(self.accelerator.state, "fsdp_plugin", None) is not None' in postprocess
