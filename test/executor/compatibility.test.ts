// Correct programs pass: one legitimate program and test per class of issue 26's "Correct programs
// that fail" (values of well-known types by value, library objects in and out, callbacks both ways,
// mock.patch reaching the program, identity kept across a call, generous limits, exceptions with
// their attributes, pytest's fixtures). Each must score 1, in both sandbox modes, on the interpreter
// with the scientific stack (science-python.ts). Real engine.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Engine } from '../../src/executor/engine.js';
import type { TestSpec } from '../../src/executor/job.js';
import type { SandboxMode } from '../../src/executor/sandbox.js';
import { sciencePython } from './science-python.js';

const code = (name: string, source: string): TestSpec => ({ name, kind: 'code', source });
const module = (name: string, source: string[]): TestSpec => ({ name, kind: 'module', source: source.join('\n') });

interface Case {
  readonly program: string[];
  readonly tests: TestSpec[];
}

const cases: Record<string, Case> = {
  'DataFrames and ndarrays in and out: assert_frame_equal, numpy comparisons, isinstance with library classes': {
    program: [
      'import numpy as np',
      'import pandas as pd',
      'def summarize(df):',
      '    return df.groupby("k", as_index=False)["v"].sum()',
      'def scale(a, f):',
      '    return np.asarray(a) * f',
      'def mean(a):',
      '    return np.mean(a)',
      'def stamp(day):',
      '    return pd.Timestamp(day) + pd.Timedelta(days=1)',
      'def add_column(df):',
      '    df["c"] = df["a"] * 2',
    ],
    tests: [
      module('frames', [
        'import numpy as np',
        'import pandas as pd',
        'from solution import summarize, scale, mean, stamp, add_column',
        'def test_frame():',
        '    df = pd.DataFrame({"k": ["a", "b", "a"], "v": [1, 2, 3]})',
        '    out = summarize(df)',
        '    assert isinstance(out, pd.DataFrame)',
        '    pd.testing.assert_frame_equal(out, pd.DataFrame({"k": ["a", "b"], "v": [4, 2]}))',
        '    assert list(df["v"]) == [1, 2, 3]',
        'def test_array():',
        '    result = scale(np.array([1.0, 2.0]), 2)',
        '    assert isinstance(result, np.ndarray) and result.dtype == np.float64',
        '    np.testing.assert_array_equal(result, np.array([2.0, 4.0]))',
        '    assert (result == np.array([2.0, 4.0])).all()',
        '    assert mean([1, 2, 3]) == 2.0 and isinstance(mean([1]), np.floating)',
        'def test_in_place():',
        '    df = pd.DataFrame({"a": [1, 2]})',
        '    add_column(df)',
        '    assert list(df["c"]) == [2, 4]',
        'def test_timestamp():',
        '    assert stamp("2024-02-28") == pd.Timestamp("2024-02-29")',
      ]),
    ],
  },
  'library objects that stay in the program answer isinstance with the library\'s class (matplotlib Axes)': {
    program: [
      'import matplotlib',
      'matplotlib.use("Agg")',
      'import matplotlib.pyplot as plt',
      'def plot(values):',
      '    fig, ax = plt.subplots()',
      '    ax.plot(values)',
      '    ax.set_title("values")',
      '    return ax',
    ],
    tests: [
      module('axes', [
        'import unittest',
        'import matplotlib',
        'matplotlib.use("Agg")',
        'import matplotlib.pyplot as plt',
        'from solution import plot',
        'class TestPlot(unittest.TestCase):',
        '    def test_axes(self):',
        '        ax = plot([1, 2, 3])',
        '        self.assertIsInstance(ax, plt.Axes)',
        '        self.assertNotIsInstance(ax, plt.Figure)',
        '        self.assertEqual(ax.get_title(), "values")',
        '        self.assertTrue(isinstance(ax, (int, matplotlib.axes.Axes)))',
      ]),
    ],
  },
  'unittest.mock: patch of a module the program uses, of its own names, and mocks passed to it': {
    program: [
      'import os',
      'import requests',
      'def python_files(path):',
      '    return sorted(f for f in os.listdir(path) if f.endswith(".py"))',
      'def fetch(url):',
      '    response = requests.get(url, timeout=5)',
      '    response.raise_for_status()',
      '    return response.json()["value"]',
      'def helper(x):',
      '    return x + 1',
      'def twice_helper(x):',
      '    return helper(x) * 2',
      'def run(callback, x):',
      '    return callback(x)',
    ],
    tests: [
      module('mocks', [
        'from unittest.mock import MagicMock, patch',
        'from solution import python_files, fetch, twice_helper, run',
        '@patch("os.listdir")',
        'def test_listdir(mock_listdir):',
        '    mock_listdir.return_value = ["a.py", "b.txt", "c.py"]',
        '    assert python_files("/data") == ["a.py", "c.py"]',
        '    mock_listdir.assert_called_once_with("/data")',
        '@patch("solution.requests.get")',
        'def test_requests(mock_get):',
        '    mock_get.return_value.json.return_value = {"value": 42}',
        '    assert fetch("http://example.com") == 42',
        '    mock_get.assert_called_once_with("http://example.com", timeout=5)',
        'def test_own_name():',
        '    with patch("solution.helper", return_value=10):',
        '        assert twice_helper(1) == 20',
        '    assert twice_helper(1) == 4',
        'def test_mock_argument():',
        '    callback = MagicMock(return_value=5)',
        '    assert run(callback, 1) == 5',
        '    callback.assert_called_once_with(1)',
      ]),
    ],
  },
  'namedtuples keep their field names': {
    program: ['from collections import namedtuple', 'Point = namedtuple("Point", "x y")', 'def mid(a, b):', '    return Point((a.x + b.x) / 2, (a.y + b.y) / 2)'],
    tests: [code('attributes', 'p = mid(Point(0, 0), Point(2, 4))\nassert p.x == 1 and p.y == 2 and p == (1, 2)\nassert p._asdict() == {"x": 1, "y": 2}')],
  },
  'dataclass equality with an instance the test builds': {
    program: ['from dataclasses import dataclass', '@dataclass', 'class Point:', '    x: int', '    y: int', 'def shift(p, d):', '    return Point(p.x + d, p.y + d)'],
    tests: [module('dataclass', ['from solution import Point, shift', 'def test_eq():', '    assert shift(Point(1, 2), 1) == Point(2, 3)', '    assert shift(Point(1, 2), 1) != Point(0, 0)'])],
  },
  'Fraction, Decimal, date and datetime': {
    program: [
      'import datetime',
      'from decimal import Decimal',
      'from fractions import Fraction',
      'def half(x):',
      '    return Fraction(x, 2)',
      'def total(prices):',
      '    return sum(prices, Decimal("0"))',
      'def next_day(d):',
      '    return d + datetime.timedelta(days=1)',
    ],
    tests: [
      code('fraction', 'from fractions import Fraction\nassert half(3) == Fraction(3, 2) and isinstance(half(3), Fraction)'),
      code('decimal', 'from decimal import Decimal\nassert total([Decimal("1.10"), Decimal("2.20")]) == Decimal("3.30")'),
      code('date', 'import datetime\nassert next_day(datetime.date(2024, 2, 28)) == datetime.date(2024, 2, 29)\n'
        + 'assert next_day(datetime.datetime(2024, 1, 1, 12, tzinfo=datetime.timezone.utc)).day == 2'),
    ],
  },
  'lambdas, str.lower, len and test helpers as callbacks (from the program\'s threads too)': {
    program: [
      'from concurrent.futures import ThreadPoolExecutor',
      'def apply_all(f, xs):',
      '    return [f(x) for x in xs]',
      'def sort_by(xs, key):',
      '    return sorted(xs, key=key)',
      'def pool_map(f, xs):',
      '    with ThreadPoolExecutor(4) as pool:',
      '        return list(pool.map(f, xs))',
    ],
    tests: [
      code('threads', 'assert pool_map(lambda x: x + 1, range(20)) == list(range(1, 21))'),
      code('lambda', 'assert apply_all(lambda x: x * x, [1, 2, 3]) == [1, 4, 9]'),
      code('method', 'assert apply_all(str.lower, ["A", "B"]) == ["a", "b"]'),
      code('key', 'assert sort_by(["bb", "a", "ccc"], key=len) == ["a", "bb", "ccc"]'),
      code('helper', 'def double(x):\n    return 2 * x\nassert apply_all(double, [1, 2]) == [2, 4]'),
    ],
  },
  'range, generator expressions and dict views as arguments': {
    program: ['def total(xs):', '    return sum(xs)', 'def keys(d):', '    return d.keys()'],
    tests: [
      code('range', 'assert total(range(5)) == 10'),
      code('generator', 'assert total(x * x for x in range(4)) == 14'),
      code('values', 'assert total({"a": 1, "b": 2}.values()) == 3'),
      code('keys', 'assert keys({"a": 1}) == {"a"}'),
    ],
  },
  'identity and aliasing across a call, arguments changed in place': {
    program: ['def append_one(xs):', '    xs.append(1)', '    return xs', 'def pair(x):', '    return [x, x]', 'def bump(counter):', '    counter["x"] += 1'],
    tests: [
      code('same', 'xs = [0]\nassert append_one(xs) is xs and xs == [0, 1]'),
      code('alias', 'a, b = pair([1])\nassert a is b'),
      code('in place', 'from collections import Counter\nc = Counter(x=1)\nbump(c)\nassert c == Counter(x=2) and type(c) is Counter'),
    ],
  },
  'a list of 1.2 million items, both ways': {
    program: ['def evens(n):', '    return [i for i in range(n) if i % 2 == 0]', 'def count(xs):', '    return len(xs)'],
    tests: [code('out', 'assert len(evens(2_400_000)) == 1_200_000'), code('in', 'assert count(list(range(1_200_000))) == 1_200_000')],
  },
  'exception attributes and __cause__, library exception classes': {
    program: [
      'import json',
      'def load(text):',
      '    return json.loads(text)',
      'class ParseError(ValueError):',
      '    def __init__(self, message, line):',
      '        super().__init__(message)',
      '        self.line = line',
      'def parse(text):',
      '    try:',
      '        return int(text)',
      '    except ValueError as error:',
      '        raise ParseError("bad number", 3) from error',
    ],
    tests: [
      module('errors', [
        'import pytest',
        'from solution import load, parse, ParseError',
        'def test_attributes():',
        '    with pytest.raises(ParseError, match="bad") as info:',
        '        parse("x")',
        '    assert info.value.line == 3',
        '    assert isinstance(info.value.__cause__, ValueError)',
        '    assert str(info.value) == "bad number"',
        'def test_library_class():',
        '    import json',
        '    with pytest.raises(json.JSONDecodeError):',
        '        load("{")',
      ]),
      module('unit', [
        'import json',
        'import unittest',
        'from solution import load',
        'class TestLoad(unittest.TestCase):',
        '    def test_raises(self):',
        '        with self.assertRaises(json.JSONDecodeError):',
        '            load("{")',
      ]),
    ],
  },
  'pytest fixtures: capsys, capfd, monkeypatch, tmpdir, tmp_path, pytest.warns, autouse, pytest.param, class fixtures': {
    program: [
      'import os, warnings',
      'def greet(name):',
      '    print(f"hello {name}")',
      'def home():',
      '    return os.environ.get("APP_HOME", "none")',
      'def ask():',
      '    return input("name? ").upper()',
      'def write(path, text):',
      '    with open(path, "w") as f:',
      '        f.write(text)',
      'def old():',
      '    warnings.warn("old api", DeprecationWarning)',
      '    return 1',
    ],
    tests: [
      module('fixtures', [
        'import pytest',
        'from solution import greet, home, ask, write, old',
        'def test_capsys(capsys):',
        '    greet("bob")',
        '    assert capsys.readouterr().out == "hello bob\\n"',
        'def test_monkeypatch(monkeypatch):',
        '    monkeypatch.setenv("APP_HOME", "/x")',
        '    assert home() == "/x"',
        '    monkeypatch.setattr("builtins.input", lambda prompt: "ann")',
        '    assert ask() == "ANN"',
        'def test_tmpdir(tmpdir):',
        '    target = tmpdir.join("a.txt")',
        '    write(str(target), "hi")',
        '    assert target.read() == "hi"',
        'def test_tmp_path(tmp_path):',
        '    write(tmp_path / "b.txt", "yo")',
        '    assert (tmp_path / "b.txt").read_text() == "yo"',
        'def test_warns():',
        '    with pytest.warns(DeprecationWarning, match="old"):',
        '        assert old() == 1',
        'calls = []',
        '@pytest.fixture(autouse=True)',
        'def tracked():',
        '    calls.append("setup")',
        '    yield',
        '    calls.append("teardown")',
        '@pytest.mark.parametrize("name, line", [pytest.param("ann", "hello ann\\n", id="ann"), ("bo", "hello bo\\n")])',
        'def test_param_capfd(name, line, capfd):',
        '    greet(name)',
        '    assert capfd.readouterr().out == line',
        'class TestClassFixture:',
        '    @pytest.fixture',
        '    def who(self):',
        '        return "cy"',
        '    def test_fixture(self, who, capsys):',
        '        greet(who)',
        '        assert capsys.readouterr().out == "hello cy\\n" and calls[-1] == "setup"',
      ]),
    ],
  },
};

describe.each(['bwrap', 'process'] as SandboxMode[])('correct programs pass in %s mode', (mode) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await Engine.start({ sandbox: mode, concurrency: 1, python: sciencePython() });
  }, 60_000);
  afterAll(async () => {
    await engine.close();
  });

  it.each(Object.entries(cases))('scores 1: %s', async (_name, testCase) => {
    const result = await engine.execute({ code: `${testCase.program.join('\n')}\n`, tests: testCase.tests, moduleName: 'solution', timeoutSeconds: 60, testTimeoutSeconds: 30 });
    expect(result.results.filter((r) => r.status !== 'passed').map((r) => ({ name: r.name, status: r.status, error: `${r.errorType}: ${r.errorMessage}`, traceback: r.traceback }))).toEqual([]);
    expect(result.reward).toBe(1);
  }, 60_000);
});
