import sys
from pathlib import Path

PIPELINE = Path(__file__).resolve().parents[1]
for component in ("data-gen", "data-prep", "train"):
    sys.path.insert(0, str(PIPELINE / "components" / component / "src"))
