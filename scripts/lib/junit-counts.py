"""Prints "PASSED FAILED" from a pytest JUnit XML report; a skipped test counts as failed (every test must run)."""
import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
total = lambda key: sum(int(suite.get(key, 0)) for suite in suites)  # noqa: E731
bad = total("failures") + total("errors") + total("skipped")
print(total("tests") - bad, bad)
