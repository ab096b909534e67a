"""Print mutmut's score for `make mutation` (a benchmark-style report, never a test)."""

import json
from pathlib import Path

stats = json.loads(Path("mutants/mutmut-cicd-stats.json").read_text())
done = stats["killed"] + stats["survived"]
share = 100 * stats["killed"] / max(done, 1)
print(f"mutants killed: {stats['killed']} of {done} ({share:.0f} %; target >= 90 %)")
print("details: " + ", ".join(f"{k} {v}" for k, v in sorted(stats.items())))
