"""``python -m model.voila_main ARGS``: Voilà's own command line, started about 1.8 s sooner.

``prepay app`` runs this instead of ``python -m voila``: the same ``voila.app.main`` with the same
arguments, imported without the grammar compile described in :mod:`model.fastimport`.
"""

from model.fastimport import without_rfc3987_syntax

if __name__ == "__main__":
    with without_rfc3987_syntax():
        import voila.app

    voila.app.main()
