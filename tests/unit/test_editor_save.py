"""The editor's save payload is checked by one model: anything else is "error.bad_input"."""

import pytest

from writers_app.pages.editor.payload import parse_save, save_id_of
from writers_app.services.errors import ServiceError

GOOD = {"save_id": "s1", "task_id": 3, "base_revision": 2, "start": 0, "delete_count": 1, "blocks": ["<p>a</p>"]}


def test_a_good_save_is_read_with_its_defaults():
    save = parse_save(GOOD)
    assert (save.task_id, save.base_revision, save.start, save.delete_count, save.blocks) == (3, 2, 0, 1, ["<p>a</p>"])
    assert save.blocks_before is None and save.explicit is False
    assert parse_save({**GOOD, "explicit": 1}).explicit is True


@pytest.mark.parametrize("change", [
    {"task_id": True}, {"task_id": "3"}, {"task_id": 3.0}, {"task_id": None}, {"start": None},
    {"blocks": "<p>a</p>"}, {"blocks": [1]}, {"blocks": None}, {"delete_count": "1"}, {"blocks_after": False},
])
def test_a_bad_save_is_refused_as_bad_input(change):
    with pytest.raises(ServiceError) as caught:
        parse_save({**GOOD, **change})
    assert caught.value.code == "error.bad_input"


def test_the_save_id_is_read_even_from_a_bad_payload():
    assert save_id_of({"save_id": "x" * 50, "blocks": 7}) == "x" * 36
    assert save_id_of({}) == ""
