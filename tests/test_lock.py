"""requirements.lock (make lock) pins every dependency pyproject.toml names, with hashes:
a dependency added to pyproject.toml without `make lock` fails here."""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked() -> dict[str, str]:
    text = (ROOT / "requirements.lock").read_text()
    return {
        normalized(m.group(1)): m.group(2)
        for m in re.finditer(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)", text, re.M)
    }


def test_every_dependency_of_pyproject_is_pinned_in_the_lock():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    named = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    pins = locked()
    missing = []
    for line in named:
        requirement = Requirement(line)
        version = pins.get(normalized(requirement.name))
        if version is None or not requirement.specifier.contains(version, prereleases=True):
            missing.append(f"{line} (locked: {version})")
    assert missing == [], "run `make lock`: " + ", ".join(missing)


def test_every_pin_has_a_hash():
    text = (ROOT / "requirements.lock").read_text()
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n\n", 1)[-1])
    pinned = [b for b in blocks if "==" in b.split("\n", 1)[0]]
    assert pinned and all("--hash=sha256:" in b for b in pinned)


def test_the_makefile_installs_from_the_lock():
    makefile = (ROOT / "Makefile").read_text()
    assert (
        "uv pip install --quiet --python $(BIN)/python --require-hashes -r requirements.lock"
        in (makefile)
    )
    assert "uv pip install --quiet --python $(BIN)/python --no-deps -e ." in makefile


def test_the_installer_itself_comes_from_the_lock_with_its_hashes():
    """The Makefile takes uv's block out of requirements.lock (its pin and every hash) and
    installs it with pip --require-hashes: the block must be whole."""
    text = (ROOT / "requirements.lock").read_text()
    block = re.search(
        r"^uv==\S+ \\\n(?:    --hash=sha256:[0-9a-f]{64}(?: \\)?\n)+    # via", text, re.M
    )
    assert block, "uv's pin with its hashes, followed by its '# via' line"
    makefile = (ROOT / "Makefile").read_text()
    assert "sed -n '/^uv==/,/# via/p' requirements.lock" in makefile
    assert "pip install --quiet --require-hashes --no-deps -r" in makefile
