"""Dependencies point one way: the import graph of the code, checked against the house rules.

The graph comes from grimp (the engine of import-linter); the rules are these:
1. `contest.core` imports no domain and not the question bank.
2. The question bank (`questions`) imports nothing of `contest` but `contest.core`.
3. Services and models import only their own domain, the domains below it and the core.
4. Pages, API routes, schemas, forms and commands (the entry points) may call the services of
   any domain, but never another domain's entry points; nothing else imports an entry point.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp
import pytest

# Bottom to top: a domain may build on the ones before it.
DOMAINS = (
    "contest.core",
    "questions",
    "contest.accounts",
    "contest.rounds",
    "contest.announcements",
    "contest.attempts",
    "contest.practice",
    "contest.ranking",
    "contest.prizes",
    "contest.certificates",
    "contest.privacy",
    "contest.integrity",
    "contest.statistics",
    "contest.jobs",
)
# Siblings at the same height: neither builds on the other.
SIBLINGS = {
    frozenset(pair)
    for pair in (
        ("contest.integrity", "contest.statistics"),
        ("contest.certificates", "contest.integrity"),
        ("contest.certificates", "contest.statistics"),
        ("contest.certificates", "contest.privacy"),
        ("contest.privacy", "contest.integrity"),
        ("contest.privacy", "contest.statistics"),
    )
}
TOP = {
    "contest",
    "contest.cli",
    "contest.demo",
    "contest.translations",
}  # the factory and what wires everything
ENTRY_NAMES = {"views", "api", "schemas", "forms", "cli"}


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("contest", "questions", exclude_type_checking_imports=True)


def domain_of(module: str) -> str | None:
    for domain in sorted(DOMAINS, key=len, reverse=True):
        if module == domain or module.startswith(domain + "."):
            return domain
    return None


def is_entry_point(module: str) -> bool:
    """Pages, API, schemas, forms, commands: a module or package named so, or *_views/*_api."""
    parts = module.split(".")
    return any(part in ENTRY_NAMES or part.endswith(("_views", "_api")) for part in parts[1:])


def height(domain: str) -> int:
    return DOMAINS.index(domain)


def imports(graph) -> list[tuple[str, str]]:
    return [
        (importer, imported)
        for importer in sorted(graph.modules)
        for imported in sorted(graph.find_modules_directly_imported_by(importer))
    ]


def test_every_package_has_a_place_in_the_order(graph):
    """A new domain must say where it stands, or the rules below would not see it."""
    packages = {".".join(m.split(".")[:2]) for m in graph.modules if m.startswith("contest.")}
    unplaced = sorted(p for p in packages if domain_of(p) is None and p not in TOP)
    assert unplaced == [], "add these packages to DOMAINS (bottom to top) or TOP"


def test_the_core_imports_no_domain(graph):
    wrong = [
        (a, b)
        for a, b in imports(graph)
        if domain_of(a) == "contest.core" and domain_of(b) not in (None, "contest.core")
    ]
    assert wrong == []


def test_the_question_bank_knows_nothing_of_contests(graph):
    wrong = [
        (a, b)
        for a, b in imports(graph)
        if domain_of(a) == "questions" and domain_of(b) not in ("questions", "contest.core")
    ]
    assert wrong == []


def test_services_build_only_on_lower_domains(graph):
    wrong = []
    for a, b in imports(graph):
        if a in TOP or is_entry_point(a):
            continue
        da, db = domain_of(a), domain_of(b)
        if da is None or db is None or da == db:
            continue
        if height(db) > height(da) or frozenset({da, db}) in SIBLINGS:
            wrong.append((a, b))
    assert wrong == []


def test_entry_points_are_imported_only_by_their_own_domain(graph):
    wrong = [
        (a, b)
        for a, b in imports(graph)
        if is_entry_point(b)
        and a not in TOP
        and not (is_entry_point(a) and domain_of(a) == domain_of(b))
        and domain_of(b) != "contest.core"  # the core's api and forms serve every domain
    ]
    assert wrong == []


def test_no_two_modules_import_each_other(graph):
    cycles = [
        (a, b)
        for a, b in imports(graph)
        if a < b and graph.direct_import_exists(importer=b, imported=a)
    ]
    assert cycles == []


FIRST_IMPORT = """
import importlib, pkgutil, sys
import contest.core
names = sorted(m.name for m in pkgutil.walk_packages(contest.core.__path__, "contest.core."))
failed = []
for name in names:
    for loaded in [m for m in sys.modules if m.split(".")[0] in ("contest", "questions")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception as error:
        failed.append(f"{name}: {error!r}")
print("\\n".join(failed))
sys.exit(1 if failed else 0)
"""


def test_every_core_module_can_be_the_first_one_imported():
    """A script, the worker or a benchmark may import any core module first: no import cycle
    may hide behind the order in which the app and the tests happen to import them."""
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", FIRST_IMPORT],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
