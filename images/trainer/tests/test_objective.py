"""The objective murphy's trainer optimises, checked against an independent computation in plain torch
(reference_objective.py): the paper's Def. 1 weighting by default, TRL's mean over samples on request."""

from pathlib import Path

import pytest
import torch
from conftest import EngineFactory
from murphy_trainer.engine import TrainingEngine
from murphy_trainer.samples import TrainSample
from reference_objective import completion_logprobs, independent_steps, objective
from trainer_fixtures import fixed_batch, grouped_batch, tree_batch
from transformers import AutoModelForCausalLM

UNEQUAL_GROUPS = [3, 1, 2, 1]  # as IntraP budgets or dropped samples leave them


def weights(engine: TrainingEngine) -> dict[str, torch.Tensor]:
    unwrapped = engine.trainer.accelerator.unwrap_model(engine.model)
    return {k: v.detach().clone() for k, v in unwrapped.state_dict().items()}


def policy_copy(engine: TrainingEngine, tiny_model_dir: Path) -> torch.nn.Module:
    """The engine's current weights in a fresh, unpatched model."""
    model = AutoModelForCausalLM.from_pretrained(tiny_model_dir)
    model.load_state_dict(weights(engine))
    return model.eval()


@pytest.mark.parametrize("aggregation", ["group", "sample"])
def test_the_loss_and_kl_are_those_of_the_objective_and_the_ratio_is_one(
    make_engine: EngineFactory, tiny_model_dir: Path, aggregation: str
) -> None:
    engine = make_engine(beta=0.05, epsilon=0.2, temperature=0.7, micro_batch_size=3, loss_aggregation=aggregation)
    engine.step(fixed_batch(6, seed=1))  # move the policy away from the reference first
    # Sampling log-probs far from the policy's: the ratio is against the trainer's own log-probs anyway.
    batch = grouped_batch(UNEQUAL_GROUPS, seed=2, logprob_noise=0.6)
    reference = AutoModelForCausalLM.from_pretrained(tiny_model_dir).eval()
    with torch.no_grad():
        loss, kl, clipped = objective(
            policy_copy(engine, tiny_model_dir),
            reference,
            batch,
            beta=0.05,
            epsilon=0.2,
            temperature=0.7,
            aggregation=aggregation,
        )
    result = engine.step(batch)
    expected = (loss.item(), kl, clipped)
    assert (result.loss, result.kl, result.clip_fraction) == pytest.approx(expected, rel=1e-4, abs=1e-6)
    assert result.kl > 0 and result.clip_fraction == clipped == 0.0  # one step per batch: r = 1, nothing clipped
    assert (result.samples, result.tokens, result.policy_version) == (7, sum(s.tokens for s in batch), 2)


def test_a_step_on_unequal_groups_is_the_independent_update_of_def_1(
    make_engine: EngineFactory, tiny_model_dir: Path
) -> None:
    settings = {"learning_rate": 1e-3, "beta": 0.04, "epsilon": 0.2, "temperature": 0.7, "max_grad_norm": 1.0}
    engine = make_engine(weight_decay=0.0, micro_batch_size=2, **settings)
    # The first step moves the policy away from the reference, so that the KL term weighs in the second.
    batches = [grouped_batch([2, 3], seed=5), grouped_batch([4, 1, 2], seed=6)]
    steps, expected = independent_steps(tiny_model_dir, batches, **settings)
    results = [engine.step(batch) for batch in batches]
    assert [(r.loss, r.grad_norm) for r in results] == [pytest.approx(step, rel=1e-4) for step in steps]
    assert_same_weights(weights(engine), expected)
    # The test tells the aggregations apart: TRL's mean over samples is another objective on these batches.
    other, _ = independent_steps(tiny_model_dir, batches, aggregation="sample", **settings)
    assert all(abs(o[0] - s[0]) > 1e-3 * abs(s[0]) and abs(o[1] - s[1]) > 1e-3 * s[1] for o, s in zip(other, steps))


def test_paper_aggregation_is_the_independent_update_of_def_1_as_written(
    make_engine: EngineFactory, tiny_model_dir: Path
) -> None:
    settings = {"learning_rate": 1e-3, "beta": 0.04, "epsilon": 0.2, "temperature": 0.7, "max_grad_norm": 1.0}
    engine = make_engine(weight_decay=0.0, micro_batch_size=3, loss_aggregation="paper", **settings)
    # Groups of unequal sizes from trees of unequal numbers of groups (prompts at each turn), as pruning
    # and dropped samples leave them: 6 groups of 3 trees, then 4 groups of 2 trees.
    batches = [tree_batch([[3, 2, 1], [2], [1, 2]], seed=5), tree_batch([[4, 1, 2], [2]], seed=6)]
    steps, expected = independent_steps(tiny_model_dir, batches, aggregation="paper", **settings)
    results = [engine.step(batch) for batch in batches]
    assert [(r.loss, r.grad_norm) for r in results] == [pytest.approx(step, rel=1e-4) for step in steps]
    assert_same_weights(weights(engine), expected)
    # Def. 1 normalised by the batch's groups instead of its trees scales the first step by trees/groups.
    normalised, _ = independent_steps(tiny_model_dir, batches[:1], aggregation="group", **settings)
    assert normalised[0][0] == pytest.approx(steps[0][0] * 3 / 6, rel=1e-5)


def assert_same_weights(got: dict[str, torch.Tensor], expected: dict[str, torch.Tensor]) -> None:
    """Adam divides by the root of the squared gradients, so parameters with near-zero gradients amplify
    float rounding: every weight within 5 % of one learning-rate step (1e-3), all but 0.1 % within 0.1 %."""
    for name, tensor in got.items():
        difference = (tensor - expected[name]).abs()
        assert difference.max().item() < 0.05 * 1e-3, name
        assert (difference > 1e-6).float().mean().item() < 1e-3, name


def test_kl_is_zero_while_the_policy_is_the_reference(make_engine: EngineFactory) -> None:
    engine = make_engine(beta=0.04)
    first = engine.step(fixed_batch(4, seed=3))
    assert first.kl == 0.0
    assert engine.step(fixed_batch(4, seed=3)).kl > 0


def test_a_positive_advantage_raises_its_completions_logprob_and_a_negative_one_lowers_it(
    make_engine: EngineFactory, tiny_model_dir: Path
) -> None:
    engine = make_engine(learning_rate=1e-3)
    batch = fixed_batch(4, seed=4)
    rewarded, punished = (
        TrainSample(batch[0].prompt_ids, batch[0].completion_ids, 1.0, None),
        TrainSample(batch[1].prompt_ids, batch[1].completion_ids, -1.0, None),
    )
    batch = [rewarded, punished, *(TrainSample(s.prompt_ids, s.completion_ids, 0.0, None) for s in batch[2:])]
    before = policy_copy(engine, tiny_model_dir)
    engine.step(batch)
    after = policy_copy(engine, tiny_model_dir)
    with torch.no_grad():
        assert completion_logprobs(after, rewarded, 0.6).sum() > completion_logprobs(before, rewarded, 0.6).sum()
        assert completion_logprobs(after, punished, 0.6).sum() < completion_logprobs(before, punished, 0.6).sum()


def test_bf16_keeps_fp32_master_weights_and_a_bf16_reference(make_engine: EngineFactory) -> None:
    engine = make_engine(precision="bf16", learning_rate=1e-3)
    policy = engine.trainer.accelerator.unwrap_model(engine.model)
    assert {p.dtype for p in policy.parameters()} == {torch.float32}
    assert {p.dtype for p in engine.trainer.ref_model.parameters()} == {torch.bfloat16}
    before = weights(engine)
    result = engine.step(fixed_batch(4, seed=9))
    assert torch.isfinite(torch.tensor([result.loss, result.grad_norm])).all() and result.grad_norm > 0
    moved = max((tensor - before[name]).abs().max().item() for name, tensor in weights(engine).items())
    assert 0.5e-3 < moved < 2e-3  # an AdamW step of the learning rate, kept in fp32


def test_sharding_outside_torchrun_is_refused_naming_the_field(make_engine: EngineFactory) -> None:
    # One plain process has no ranks to shard over (transformers' Trainer refuses FSDP there too); two
    # sharded ranks under torchrun are tests/test_distributed.py's.
    with pytest.raises(ValueError, match=r"spec\.trainer\.sharding: fsdp shards over torchrun's ranks"):
        make_engine(sharding="fsdp")
