"""Print mutmut's score for `make mutation` (a benchmark-style report, never a test).

Score = killed / (killed + survived + no tests): a mutant no test reaches counts as a survivor.
A mutant that made the tests hang (timeout) is left out of both; the details line shows it.
"""

import json
from pathlib import Path

stats = json.loads(Path("mutants/mutmut-cicd-stats.json").read_text())
done = stats["killed"] + stats["survived"] + stats["no_tests"]
share = 100 * stats["killed"] / max(done, 1)
print(f"mutants killed: {stats['killed']} of {done} ({share:.0f} %; target >= 90 %)")
print("details: " + ", ".join(f"{k} {v}" for k, v in sorted(stats.items())))
