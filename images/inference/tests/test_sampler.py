from pathlib import Path

import pytest
import torch
from murphy_inference import sampler
from murphy_inference.stop import StopStrings
from transformers import AutoModelForCausalLM, AutoTokenizer


@pytest.fixture(scope="module")
def model(tiny_model_dir: Path) -> torch.nn.Module:
    return AutoModelForCausalLM.from_pretrained(tiny_model_dir).eval()


def rows(prompts: list[list[int]], max_new_tokens: int = 12) -> list[sampler.Row]:
    return [sampler.Row(p, seed=100 + i, max_new_tokens=max_new_tokens) for i, p in enumerate(prompts)]


PROMPTS = [[1, 87, 269, 84, 201], [1, 585, 75, 273, 67, 287, 201, 9, 10, 11], [5]]


def decoding(temperature: float = 0.7, top_p: float = 1.0, **kwargs: object) -> sampler.Decoding:
    return sampler.Decoding(temperature=temperature, top_p=top_p, eos_ids=frozenset({2}), pad_id=0, **kwargs)


def test_top_p_keeps_the_smallest_set_of_tokens_that_reaches_p() -> None:
    probs = torch.tensor([[0.1, 0.5, 0.3, 0.1]])
    assert sampler.top_p_mask(probs, 0.7).tolist() == [[False, True, True, False]]
    assert sampler.top_p_mask(probs, 0.5).tolist() == [[False, True, False, False]]
    assert sampler.top_p_mask(probs, 0.01).tolist() == [[False, True, False, False]]
    assert sampler.top_p_mask(probs, 1.0).all()


def test_processed_logprobs_renormalise_the_tempered_nucleus_and_exclude_the_rest() -> None:
    """The distribution the sampler draws from, which the trainer's sampling correction also takes."""
    logits = torch.log(torch.tensor([[0.1, 0.5, 0.3, 0.1]]))
    nucleus = sampler.processed_logprobs(logits, temperature=1.0, top_p=0.7)
    assert nucleus.exp().tolist() == [[0.0, pytest.approx(0.625), pytest.approx(0.375), 0.0]]
    tempered = sampler.processed_logprobs(logits, temperature=0.5, top_p=1.0).exp()  # p^2, renormalised
    assert tempered[0].tolist() == pytest.approx([0.01 / 0.36, 0.25 / 0.36, 0.09 / 0.36, 0.01 / 0.36])
    greedy = sampler.processed_logprobs(logits, temperature=0, top_p=0.7).exp()  # the untempered softmax
    assert greedy[0].tolist() == pytest.approx([0.1, 0.5, 0.3, 0.1])


@pytest.mark.parametrize("top_p", [0.9, 1.0])
def test_logprobs_are_those_of_the_sampling_distribution_after_temperature_and_top_p(
    model: torch.nn.Module, top_p: float
) -> None:
    """log(p / nucleus mass) for the tempered p of a full forward pass: vLLM's processed_logprobs."""
    results = sampler.sample(model, rows(PROMPTS), decoding(temperature=0.7, top_p=top_p))
    for prompt, result in zip(PROMPTS, results, strict=True):
        ids = torch.tensor([prompt + result.token_ids])
        with torch.no_grad():
            probs = torch.softmax(model(ids).logits[0] / 0.7, dim=-1)
        expected = []
        for k, token in enumerate(result.token_ids):
            p = probs[len(prompt) - 1 + k]
            ranked = p.sort(descending=True).values
            kept = ranked[(ranked.cumsum(0) - ranked) < top_p]  # the nucleus: the smallest set reaching top_p
            assert p[token] >= kept[-1]  # the sampled token is in it
            expected.append(torch.log(p[token] / kept.sum()).item())
        assert result.logprobs == pytest.approx(expected, abs=1e-4)
        if top_p < 1.0:
            full = [torch.log(probs[len(prompt) - 1 + k, t]).item() for k, t in enumerate(result.token_ids)]
            assert all(lp >= f for lp, f in zip(result.logprobs, full, strict=True))
            assert any(lp > f + 1e-3 for lp, f in zip(result.logprobs, full, strict=True))  # top-p did cut


def test_each_sample_has_its_own_seed_whatever_it_is_batched_with(model: torch.nn.Module) -> None:
    together = sampler.sample(model, rows(PROMPTS), decoding())
    alone = [sampler.sample(model, [row], decoding())[0] for row in rows(PROMPTS)]
    assert [r.token_ids for r in together] == [r.token_ids for r in alone]
    reseeded = sampler.sample(model, [sampler.Row(PROMPTS[0], seed=7, max_new_tokens=12)], decoding())[0]
    assert reseeded.token_ids != together[0].token_ids


def test_rows_end_at_their_length_at_an_end_token_or_at_a_stop_string(
    model: torch.nn.Module, tiny_model_dir: Path
) -> None:
    greedy = sampler.sample(model, rows(PROMPTS[:1], 6), decoding(temperature=0))[0]
    assert (len(greedy.token_ids), greedy.finish_reason) == (6, "length")
    first = greedy.token_ids[0]
    ended = sampler.sample(model, rows(PROMPTS[:1], 6), sampler.Decoding(0, 1.0, frozenset({first}), 0))[0]
    assert (ended.token_ids, ended.finish_reason) == ([first], "stop")
    tokenizer = AutoTokenizer.from_pretrained(tiny_model_dir)
    stop_text = tokenizer.decode(greedy.token_ids[2:4])
    stopped = sampler.sample(
        model, rows(PROMPTS[:1], 6), decoding(temperature=0, hits_stop=StopStrings(tokenizer, [stop_text]))
    )[0]
    assert stopped.finish_reason == "stop"
    assert stop_text in tokenizer.decode(stopped.token_ids) and len(stopped.token_ids) <= 4
