import dataclasses
from pathlib import Path

import pytest
import yaml
from murphy_trainer.aggregation import sample_weights
from murphy_trainer.samples import TrainSample, plan, validate
from murphy_trainer.settings import TrainSettings, read_run
from trainer_fixtures import write_run


def test_settings_come_from_spec_training_with_the_schema_defaults(tmp_path: Path) -> None:
    settings = read_run(write_run(tmp_path / "run.yaml", learningRate=3e-4, beta=0.0, checkpointInterval=10))
    assert (settings.learning_rate, settings.beta, settings.checkpoint_interval) == (3e-4, 0.0, 10)
    assert (settings.weight_decay, settings.epsilon, settings.temperature) == (0.1, 0.2, 0.6)
    assert read_run(write_run(tmp_path / "empty.yaml")) == TrainSettings()
    assert read_run(write_run(tmp_path / "sample.yaml", lossAggregation="sample")).loss_aggregation == "sample"
    assert TrainSettings().loss_aggregation == "group"
    corrected = read_run(write_run(tmp_path / "is.yaml", importanceSampling="sequence", importanceSamplingCap=2))
    assert (corrected.importance_sampling, corrected.importance_sampling_cap) == ("sequence", 2.0)
    assert (TrainSettings().importance_sampling, TrainSettings().importance_sampling_cap) == ("none", 3.0)
    sampling = read_run(write_run(tmp_path / "sampling.yaml", temperature=0.8, topP=0.9, lrSchedule="constant"))
    assert (sampling.temperature, sampling.top_p, sampling.lr_schedule) == (0.8, 0.9, "constant")
    assert (TrainSettings().top_p, TrainSettings().lr_schedule) == (0.95, "linear")
    assert read_run(write_run(tmp_path / "paper.yaml", lossAggregation="paper")).loss_aggregation == "paper"


def test_a_bad_setting_names_its_field(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"spec\.training\.checkpointInterval: 2\.5 is not a number \(whole\)"):
        read_run(write_run(tmp_path / "run.yaml", checkpointInterval=2.5))
    with pytest.raises(ValueError, match=r"spec\.training\.beta: 'high'"):
        read_run(write_run(tmp_path / "run.yaml", beta="high"))
    with pytest.raises(
        ValueError, match=r"spec\.training\.lossAggregation: 'tokens' is not one of group, paper, sample"
    ):
        read_run(write_run(tmp_path / "run.yaml", lossAggregation="tokens"))
    with pytest.raises(ValueError, match=r"spec\.training\.lrSchedule: 'cosine' is not one of constant, linear"):
        read_run(write_run(tmp_path / "run.yaml", lrSchedule="cosine"))


def test_group_weights_follow_def_1_and_sample_weights_are_uniform() -> None:
    ids = ["a", "a", "a", "b", "c", "c", ""]  # the last has no group: a group of its own
    assert sample_weights(ids, "group") == pytest.approx([1 / 12] * 3 + [1 / 4] + [1 / 8] * 2 + [1 / 4])
    assert sample_weights(ids, "sample") == pytest.approx([1 / 7] * 7)
    batch = [dataclasses.replace(sample(), group_id=g) for g in ids]
    work = plan(batch, world_size=2, micro_batch_size=2)
    assert sum(work.weight(m) for m in range(2)) == pytest.approx(1.0)
    assert work.weight(0, rank=0) == pytest.approx(2 / 12) and work.smallest_weight == pytest.approx(1 / 6)


def test_paper_weights_sum_the_groups_of_a_tree_and_average_the_trees() -> None:
    # Tree t1 kept groups of 3 and 1, t2 one group of 2; the last sample has neither id.
    groups = ["a", "a", "a", "b", "c", "c", ""]
    trees = ["t1", "t1", "t1", "t1", "t2", "t2", ""]
    assert sample_weights(groups, "paper", trees) == pytest.approx([1 / 9] * 3 + [1 / 3] + [1 / 6] * 2 + [1 / 3])
    assert sum(sample_weights(groups, "paper", trees)) == pytest.approx(4 / 3)  # 4 groups over 3 trees
    # Without tree ids every group is a prompt of its own: Def. 1's normalisation by the batch's groups.
    assert sample_weights(groups, "paper") == pytest.approx(sample_weights(groups, "group"))


def test_a_group_split_across_trees_is_refused() -> None:
    batch = [dataclasses.replace(sample(), group_id="g", tree_id=tree) for tree in ("t1", "t2")]
    with pytest.raises(ValueError, match=r"samples\[1\]\.tree_id: 't2', but group 'g' has samples in tree 't1'"):
        validate(batch, vocab_size=600, world_size=1)


def sample(tokens: int = 3, logprobs: bool = False, advantage: float = 1.0) -> TrainSample:
    return TrainSample([1, 2], list(range(5, 5 + tokens)), advantage, [-1.0] * tokens if logprobs else None)


def test_plans_give_every_rank_the_same_number_of_non_empty_micro_batches() -> None:
    batch = [sample(tokens=i + 1) for i in range(7)]
    work = plan(batch, world_size=2, micro_batch_size=2)
    assert [[len(m) for m in rank] for rank in work.micro_batches] == [[2, 2], [2, 2]]
    trained = [s for rank in work.micro_batches for m in rank for s in m if not s.padding]
    assert [(s.prompt_ids, s.completion_ids) for s in trained] == [(s.prompt_ids, s.completion_ids) for s in batch]
    assert [s.padding for s in work.micro_batches[1][1]] == [False, True]
    assert work.micro_batches[1][1][1].tokens == 0
    assert work.tokens(0) == 1 + 2 + 5 + 6 and work.total == 7
    assert [[len(m) for m in rank] for rank in plan(batch, 1, 8).micro_batches] == [[7]]


@pytest.mark.parametrize(
    ("batch", "message"),
    [
        ([sample()], "cannot feed 2 ranks"),
        ([sample(), sample(logprobs=True)], "for every sample or for none"),
        ([sample(), TrainSample([], [5], 1.0, None)], r"samples\[1\].prompt_token_ids"),
        ([sample(), TrainSample([1], [], 1.0, None)], r"samples\[1\].completion_token_ids"),
        ([sample(), sample(advantage=float("nan"))], r"samples\[1\].advantage"),
        ([sample(), TrainSample([1], [999], 1.0, None)], "outside the vocabulary"),
        ([sample(logprobs=True), TrainSample([1], [5, 6], 1.0, [-1.0])], "1 values for 2 completion tokens"),
    ],
)
def test_bad_batches_name_the_sample_and_field(batch: list[TrainSample], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        validate(batch, vocab_size=600, world_size=2)


def test_spec_trainer_sets_sharding_precision_and_checkpointing(tmp_path: Path) -> None:
    run = write_run(tmp_path / "run.yaml")
    document = yaml.safe_load(run.read_text())
    document["spec"]["trainer"] = {"sharding": "fsdp", "precision": "bf16", "gradientCheckpointing": False}
    run.write_text(yaml.safe_dump(document))
    settings = read_run(run)
    assert (settings.sharding, settings.precision, settings.gradient_checkpointing) == ("fsdp", "bf16", False)
    assert (TrainSettings().sharding, TrainSettings().precision, TrainSettings().gradient_checkpointing) == (
        "none",
        "auto",
        True,
    )
    assert TrainSettings().bf16(on_gpu=True) and not TrainSettings().bf16(on_gpu=False)
    document["spec"]["trainer"] = {"sharding": "zero3"}
    run.write_text(yaml.safe_dump(document))
    with pytest.raises(ValueError, match=r"spec\.trainer\.sharding: 'zero3' is not one of none, fsdp"):
        read_run(run)
