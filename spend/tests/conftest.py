from organizations.testing import architect, editor, org  # noqa: F401 (fixtures)
