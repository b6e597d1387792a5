"""The text the tiny model's tokenizer is trained on: a little Python, a little prose.

It is part of the tiny model's definition: changing it changes the tokenizer, so bump
`tiny_model.TINY_MODEL_VERSION` with it.
"""

CORPUS: tuple[str, ...] = (
    '''def add(a, b):
    """Return the sum of a and b."""
    return a + b
''',
    """def fizzbuzz(n: int) -> list[str]:
    out = []
    for i in range(1, n + 1):
        if i % 15 == 0:
            out.append("FizzBuzz")
        elif i % 3 == 0:
            out.append("Fizz")
        elif i % 5 == 0:
            out.append("Buzz")
        else:
            out.append(str(i))
    return out
""",
    """def is_prime(n):
    if n < 2:
        return False
    k = 2
    while k * k <= n:
        if n % k == 0:
            return False
        k += 1
    return True
""",
    """class Stack:
    def __init__(self):
        self.items = []

    def push(self, item):
        self.items.append(item)

    def pop(self):
        if not self.items:
            raise IndexError("pop from empty stack")
        return self.items.pop()
""",
    """def reverse_words(text: str) -> str:
    words = text.split()
    return " ".join(reversed(words))
""",
    """import math

def distance(p, q):
    return math.sqrt((p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2)
""",
    """def count_vowels(s):
    return sum(1 for c in s.lower() if c in "aeiou")
""",
    """def merge_sorted(xs, ys):
    i, j, result = 0, 0, []
    while i < len(xs) and j < len(ys):
        if xs[i] <= ys[j]:
            result.append(xs[i])
            i += 1
        else:
            result.append(ys[j])
            j += 1
    result.extend(xs[i:])
    result.extend(ys[j:])
    return result
""",
    """def fibonacci(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a

assert fibonacci(10) == 55
print(fibonacci(20))
""",
    """from collections import Counter

def most_common_word(text):
    counts = Counter(text.split())
    word, _ = counts.most_common(1)[0]
    return word
""",
    """try:
    value = int(input())
except ValueError as error:
    print(f"not a number: {error}")
""",
    "Write a Python function that returns the largest element of a list.\n",
    "Your code failed 2 of 5 tests. Fix the function and explain what was wrong.\n",
    "Passed 3/5 tests. Failed 2/5 tests. Expected output 42, got None.\n",
    "```python\nprint('hello, world')\n```\n",
)
