"""The ground floor: what every stage shares and nothing else.

Holds the project's exceptions and validation-report entry (``errors``), the vocabulary tables' loader
(``vocab``, reading bvdata/vocab/), labels and missing-value helpers (``labels``), text cleaning and
formula neutralising (``cleantext``), roles and identities (``access``) and the settings read from the
secrets files (``settings``).

May import: the standard library and third-party packages only; never another bvdata stage.
"""
