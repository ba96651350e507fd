"""Results kept per version of the data: computed once, shared while nothing is written, computed again after a
write through the guard (any path: here the command line)."""

from __future__ import annotations

from handbuilt import run

from workbench.versioned import computed_once, data_version, forget


def test_a_result_is_computed_once_per_version_of_the_data_and_again_after_a_write(engine, db_url):
    forget()
    calls: list[str] = []

    def compute(key: str):
        calls.append(key)
        return len(calls)

    with engine.connect() as connection:
        first = computed_once(connection, ("completion", "0301"), lambda: compute("0301"))
        again = computed_once(connection, ("completion", "0301"), lambda: compute("0301"))
        other = computed_once(connection, ("completion", "0302"), lambda: compute("0302"))
        before = data_version(connection)
    assert (first, again, other) == (1, 1, 2) and calls == ["0301", "0302"]

    assert run(db_url, "users", "add", "amina", "--role", "region_officer", "--region", "03",
               "--password", "s3cret-pass", "--name", "Amina Alaoui").exit_code == 0
    with engine.connect() as connection:
        assert data_version(connection) != before
        assert computed_once(connection, ("completion", "0301"), lambda: compute("0301")) == 3
    assert calls == ["0301", "0302", "0301"]
    forget()
