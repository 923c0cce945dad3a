"""docs/services.md is generated from the services' signatures and must not go stale."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _generator():
    spec = importlib.util.spec_from_file_location("gen_services", ROOT / "docs" / "gen_services.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_services_md_matches_the_code():
    gen = _generator()
    assert (ROOT / "docs" / "services.md").read_text() == gen.render(), (
        "docs/services.md is stale: run .venv/bin/python docs/gen_services.py and commit it")


def test_the_generated_page_lists_every_public_service_function_with_its_signature():
    from writers_app.services import search, tasks

    gen = _generator()
    text = gen.render()
    assert "- `list_tasks(*, session: Session, owner_id: int" in text
    assert "status: TaskStatus = TaskStatus.DRAFT" in text  # enum defaults read as written
    for module in (search, tasks):
        for function in gen.public_functions(module):
            assert f"`{gen.signature(function)}`" in text
    assert "_" + "fetch" not in text and " at 0x" not in text
