import sys
from pathlib import Path

PIPELINE = Path(__file__).resolve().parents[1]
for component in ("data-gen", "data-prep", "train", "resume-rollout"):
    sys.path.insert(0, str(PIPELINE / "components" / component / "src"))


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "merlin: imports the real NVTabular / Transformers4Rec / merlin.systems (run them in the Merlin image with "
        "`pytest -m merlin`, see .github/workflows/pipeline-gpu.yml); skipped, with the reason, where they are missing",
    )
