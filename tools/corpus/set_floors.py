"""Sets CorpusScoringTests' floors to the figures a test run printed, less 0.02 (rounded down to 2 places), and the
child-emails-lost limits to the count plus 2% of the split. Usage:

    dotnet test tests/Cme.Parsing.Tests --filter "FullyQualifiedName~CorpusScoringTests" \
        --logger "console;verbosity=detailed" > /tmp/corpus.txt
    python3 tools/corpus/set_floors.py /tmp/corpus.txt "what parser (commit) and date"
"""

import math
import os
import re
import sys

FIELDS = ["kind", "caseRef", "firstName", "lastName", "dateOfBirth", "upn", "postcode", "school", "dateLastAttended", "startDate", "referrerEmail"]
KEYS = FIELDS + ["riskF1", "mean11", "mean12", "cppRecall", "cinRecall"]


def main(run_path, note):
    run = open(run_path, encoding="utf-8").read()
    scores, counts = {}, {}
    for m in re.finditer(r"^\s*SCORES (\w+) (.*)$", run, re.M):
        scores[m.group(1)] = dict(kv.split("=") for kv in m.group(2).split())
    for m in re.finditer(r"Corpus/(\w+): (\d+) emails", run):
        counts[m.group(1)] = int(m.group(2))
    test = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "Cme.Parsing.Tests", "CorpusScoringTests.cs")
    s = open(test, encoding="utf-8").read()
    s = re.sub(r"// Floors = the parser's figures on .*? less 0\.02", f"// Floors = the parser's figures on {note} less 0.02", s)
    for split in ("dev", "holdout"):
        d = scores[split]
        figures = (" ".join(d[f] for f in FIELDS) + f"; riskF1 {d['riskF1']}, mean11 {d['mean11']}, mean12 {d['mean12']}, "
                   f"CPP recall {d['cppRecall']}, CIN recall {d['cinRecall']}, child emails lost {d['lost']} of {counts[split]}")
        s = re.sub(rf"(//   {split}\s+).*", lambda m: m.group(1) + figures, s)
        floors = ", ".join(f'["{k}"] = {max(0.0, math.floor((float(d[k]) - 0.02) * 100) / 100):.2f}' for k in KEYS)
        s = re.sub(rf'\["{split}"\] = new\(\) \{{.*?\}},', f'["{split}"] = new() {{ {floors} }},', s)
        lost = int(d["lost"]) + math.ceil(0.02 * counts[split])
        s = re.sub(rf'(MaxChildEmailsLost = new\(\) \{{.*?)\["{split}"\] = \d+', lambda m: m.group(1) + f'["{split}"] = {lost}', s)
    open(test, "w", encoding="utf-8").write(s)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "(date not given)")
