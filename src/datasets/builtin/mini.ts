// builtin:mini, the problem set bundled with murphy for local runs and tests: 30 short Python
// functions, each with four to five assert tests, in murphy's record format. The first two
// tests of each problem are the visible ones (shown in feedback); the rest are hidden.
import type { MurphyRecord } from '../formats/murphy.js';

type Spec = readonly [id: string, question: string, tests: readonly string[]];

const SPECS: readonly Spec[] = [
  ['add', 'Write a function `add(a, b)` that returns the sum of two integers.', ['add(1, 2) == 3', 'add(-1, 1) == 0', 'add(0, 0) == 0', 'add(100, 23) == 123']],
  ['is_even', 'Write a function `is_even(n)` that returns True when the integer n is even and False otherwise.', ['is_even(2) is True', 'is_even(7) is False', 'is_even(0) is True', 'is_even(-3) is False']],
  ['reverse_string', 'Write a function `reverse_string(s)` that returns the string s reversed.', ["reverse_string('abc') == 'cba'", "reverse_string('') == ''", "reverse_string('a') == 'a'", "reverse_string('racecar') == 'racecar'"]],
  ['max_of_list', 'Write a function `max_of_list(xs)` that returns the largest number of a non-empty list without using the built-in max.', ['max_of_list([1, 5, 3]) == 5', 'max_of_list([-2, -7]) == -2', 'max_of_list([4]) == 4', 'max_of_list([0, 0, 1]) == 1']],
  ['count_vowels', 'Write a function `count_vowels(s)` that returns how many of the characters of s are vowels (a, e, i, o, u, either case).', ["count_vowels('hello') == 2", "count_vowels('xyz') == 0", "count_vowels('AEIOU') == 5", "count_vowels('') == 0"]],
  ['factorial', 'Write a function `factorial(n)` that returns n! for a non-negative integer n.', ['factorial(0) == 1', 'factorial(1) == 1', 'factorial(5) == 120', 'factorial(10) == 3628800']],
  ['fibonacci', 'Write a function `fibonacci(n)` that returns the n-th Fibonacci number, with fibonacci(0) == 0 and fibonacci(1) == 1.', ['fibonacci(0) == 0', 'fibonacci(1) == 1', 'fibonacci(2) == 1', 'fibonacci(10) == 55', 'fibonacci(20) == 6765']],
  ['is_palindrome', 'Write a function `is_palindrome(s)` that returns True when the string s reads the same forwards and backwards.', ["is_palindrome('level') is True", "is_palindrome('abc') is False", "is_palindrome('') is True", "is_palindrome('ab') is False"]],
  ['sum_list', 'Write a function `sum_list(xs)` that returns the sum of a list of numbers (0 for an empty list).', ['sum_list([1, 2, 3]) == 6', 'sum_list([]) == 0', 'sum_list([-1, 1]) == 0', 'sum_list([10]) == 10']],
  ['square', 'Write a function `square(x)` that returns x multiplied by itself.', ['square(3) == 9', 'square(-4) == 16', 'square(0) == 0', 'square(12) == 144']],
  ['absolute', 'Write a function `absolute(x)` that returns the absolute value of the number x without using abs.', ['absolute(-5) == 5', 'absolute(3) == 3', 'absolute(0) == 0', 'absolute(-0.5) == 0.5']],
  ['count_char', 'Write a function `count_char(s, c)` that returns how many times the character c occurs in the string s.', ["count_char('banana', 'a') == 3", "count_char('banana', 'z') == 0", "count_char('', 'a') == 0", "count_char('aaaa', 'a') == 4"]],
  ['first_word', 'Write a function `first_word(s)` that returns the first word of a sentence (words are separated by spaces).', ["first_word('hello world') == 'hello'", "first_word('one') == 'one'", "first_word('a b c') == 'a'", "first_word('murphy runs locally') == 'murphy'"]],
  ['celsius_to_fahrenheit', 'Write a function `celsius_to_fahrenheit(c)` that converts degrees Celsius to Fahrenheit (F = C * 9 / 5 + 32).', ['celsius_to_fahrenheit(0) == 32', 'celsius_to_fahrenheit(100) == 212', 'celsius_to_fahrenheit(-40) == -40', 'celsius_to_fahrenheit(37) == 98.6']],
  ['min_max', 'Write a function `min_max(xs)` that returns a tuple (smallest, largest) of a non-empty list of numbers.', ['min_max([3, 1, 2]) == (1, 3)', 'min_max([5]) == (5, 5)', 'min_max([-1, -9, 4]) == (-9, 4)', 'min_max([2, 2]) == (2, 2)']],
  ['unique', 'Write a function `unique(xs)` that returns the elements of the list xs without duplicates, keeping the order of first occurrence.', ['unique([1, 2, 1, 3]) == [1, 2, 3]', 'unique([]) == []', "unique(['a', 'a']) == ['a']", 'unique([3, 2, 1]) == [3, 2, 1]']],
  ['count_words', 'Write a function `count_words(s)` that returns the number of words in the string s (words are separated by whitespace).', ["count_words('a b c') == 3", "count_words('') == 0", "count_words('  hello   world ') == 2", "count_words('one') == 1"]],
  ['is_prime', 'Write a function `is_prime(n)` that returns True when the integer n is a prime number.', ['is_prime(2) is True', 'is_prime(4) is False', 'is_prime(1) is False', 'is_prime(97) is True', 'is_prime(91) is False']],
  ['gcd', 'Write a function `gcd(a, b)` that returns the greatest common divisor of two positive integers.', ['gcd(12, 18) == 6', 'gcd(7, 5) == 1', 'gcd(10, 10) == 10', 'gcd(100, 75) == 25']],
  ['digit_sum', 'Write a function `digit_sum(n)` that returns the sum of the decimal digits of a non-negative integer n.', ['digit_sum(123) == 6', 'digit_sum(0) == 0', 'digit_sum(9) == 9', 'digit_sum(1001) == 2']],
  ['capitalize_words', 'Write a function `capitalize_words(s)` that upper-cases the first letter of every space-separated word of s.', ["capitalize_words('hello world') == 'Hello World'", "capitalize_words('a') == 'A'", "capitalize_words('') == ''", "capitalize_words('mUrphy run') == 'MUrphy Run'"]],
  ['flatten', 'Write a function `flatten(xss)` that turns a list of lists into one list with all the elements in order.', ['flatten([[1, 2], [3]]) == [1, 2, 3]', 'flatten([]) == []', 'flatten([[], [1]]) == [1]', "flatten([['a'], ['b', 'c']]) == ['a', 'b', 'c']"]],
  ['filter_positive', 'Write a function `filter_positive(xs)` that returns the numbers of xs that are greater than zero, in order.', ['filter_positive([1, -2, 3]) == [1, 3]', 'filter_positive([]) == []', 'filter_positive([0, -1]) == []', 'filter_positive([5, 6]) == [5, 6]']],
  ['average', 'Write a function `average(xs)` that returns the arithmetic mean of a non-empty list of numbers.', ['average([1, 2, 3]) == 2', 'average([5]) == 5', 'average([1, 2]) == 1.5', 'average([-1, 1]) == 0']],
  ['power', 'Write a function `power(base, exp)` that returns base raised to the non-negative integer exp without using ** or pow.', ['power(2, 10) == 1024', 'power(5, 0) == 1', 'power(3, 3) == 27', 'power(-2, 3) == -8']],
  ['last_element', 'Write a function `last_element(xs)` that returns the last element of a list, or None for an empty list.', ['last_element([1, 2, 3]) == 3', 'last_element([]) is None', "last_element(['x']) == 'x'", 'last_element([None, 4]) == 4']],
  ['repeat_string', 'Write a function `repeat_string(s, n)` that returns the string s repeated n times.', ["repeat_string('ab', 3) == 'ababab'", "repeat_string('x', 0) == ''", "repeat_string('', 5) == ''", "repeat_string('z', 1) == 'z'"]],
  ['fizzbuzz', 'Write a function `fizzbuzz(n)` that returns "Fizz" for multiples of 3, "Buzz" for multiples of 5, "FizzBuzz" for multiples of both, and str(n) otherwise.', ["fizzbuzz(3) == 'Fizz'", "fizzbuzz(5) == 'Buzz'", "fizzbuzz(15) == 'FizzBuzz'", "fizzbuzz(7) == '7'"]],
  ['index_of', 'Write a function `index_of(xs, x)` that returns the index of the first occurrence of x in the list xs, or -1 when it is absent.', ['index_of([1, 2, 3], 2) == 1', 'index_of([], 1) == -1', 'index_of([4, 4], 4) == 0', "index_of(['a'], 'b') == -1"]],
  ['merge_sorted', 'Write a function `merge_sorted(a, b)` that merges two sorted lists into one sorted list.', ['merge_sorted([1, 3], [2, 4]) == [1, 2, 3, 4]', 'merge_sorted([], [1]) == [1]', 'merge_sorted([], []) == []', 'merge_sorted([1, 1], [1]) == [1, 1, 1]']],
];

const VISIBLE = 2;

export const MINI_PROBLEMS: readonly MurphyRecord[] = SPECS.map(([id, question, tests]) => {
  const asserts = tests.map((expression) => ({ kind: 'assert' as const, source: `assert ${expression}` }));
  return { id: `mini/${id}`, question, visible: asserts.slice(0, VISIBLE), hidden: asserts.slice(VISIBLE) };
});
