"""The built-in coder's pretraining corpus: deterministic, in the coordinator's prompt format, and
teaching what coder_corpus.py says (valid programs; retries that read the feedback get it right)."""

from murphy_inference import coder_corpus, constants_family as family
from murphy_inference.coordinator_prompts import SYSTEM


def run_tests(code: str, tests: list[str]) -> list[bool]:
    namespace: dict = {}
    exec(code, namespace)  # the corpus's own programs
    return [bool(eval(test.removeprefix("assert "), namespace)) for test in tests]


def problem_of(example: coder_corpus.Example) -> tuple[family.Operation, str]:
    question = example.messages[1]["content"].split("\n\n")[0]
    for op in family.OPERATIONS:
        for noun in family.NOUNS:
            if question == family.question(op, noun):
                return op, family.FUNCTION
    raise AssertionError(f"not a question of the family: {question!r}")


def test_the_corpus_is_deterministic_and_every_program_is_valid_python_of_the_asked_name() -> None:
    first, again = coder_corpus.corpus(300, seed=9), coder_corpus.corpus(300, seed=9)
    assert first == again
    assert first != coder_corpus.corpus(300, seed=10)
    for example in first:
        assert example.messages[0] == {"role": "system", "content": SYSTEM}
        op, name = problem_of(example)
        code = example.completion.split("```python\n")[1].split("\n```")[0]
        compile(code, "<corpus>", "exec")
        assert code.startswith(f"def {name}({op.parameter}):")


def test_retries_that_read_the_feedback_pass_and_the_others_guess() -> None:
    examples = coder_corpus.corpus(600, seed=3)
    reads = [e for e in examples if e.completion.startswith("<think>The failing test shows")]
    guesses = [e for e in examples if e.completion.startswith("<think>I guess another")]
    assert reads and guesses
    share = len(reads) / (len(reads) + len(guesses))
    assert abs(share - coder_corpus.RETRY_READS_FEEDBACK) < 0.08
    for example in reads:
        op, name = problem_of(example)
        prompt = example.messages[1]["content"]
        expected = prompt.split(" == ")[1].split()[0]  # the first failing test, the visible one, shows the constant
        code = example.completion.split("```python\n")[1].split("\n```")[0]
        assert all(run_tests(code, family.tests(op, name, int(expected))))
        # The feedback covers the whole suite (training's default) or the visible test (evaluation's).
        suite = len(family.tests(op, name, int(expected)))
        assert (f"/{suite} tests" in prompt) != ("/1 tests" in prompt)


def test_retries_show_the_feedback_of_training_and_of_evaluation() -> None:
    retries = [e["content"] for e in (x.messages[1] for x in coder_corpus.corpus(600, seed=3)) if "## Attempt 1" in e["content"]]
    whole = [p for p in retries if "Passed: 0/4 tests" in p or "Passed: 1/4 tests" in p]
    visible = [p for p in retries if "Passed: 0/1 tests" in p]
    assert len(whole) + len(visible) == len(retries)
    assert abs(len(visible) / len(retries) - 0.5) < 0.08
