"""Getting the English written: the providers, the translation memory, the glossary
and its word forms, protection of inline markup, typography, QA on every
translation, and a person's review. Builds on ``content``."""
