"""Compiled templates are kept in the user's cache (presentation.html._bytecode_cache): read
again by the next process, compiled again when a template changes, and never read from a
folder another user could write in."""

import os

import jinja2

from prepay_modeller.presentation import html


def _env(folder, cache):
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), bytecode_cache=cache)


def test_compiled_templates_are_kept_and_a_changed_one_is_compiled_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    cache = html._bytecode_cache()
    folder = tmp_path / "cache" / "prepay-modeller" / "templates"
    assert cache is not None and cache.directory == str(folder)
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "t.j2").write_text("{{ n }} of {{ total }}")
    assert _env(templates, cache).get_template("t.j2").render(n=1, total=2) == "1 of 2"
    assert len(list(folder.iterdir())) == 1  # kept for the next process
    (templates / "t.j2").write_text("{{ n }} out of {{ total }}")
    assert _env(templates, cache).get_template("t.j2").render(n=1, total=2) == "1 out of 2"


def test_a_folder_others_can_write_in_is_not_used(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "cache" / "prepay-modeller" / "templates"
    folder.mkdir(parents=True)
    os.chmod(folder, 0o777)
    assert html._bytecode_cache() is None
    os.chmod(folder, 0o700)
    assert html._bytecode_cache() is not None


def test_no_cache_where_the_folder_cannot_be_made(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert html._bytecode_cache() is None
