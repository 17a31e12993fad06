"""``bulletin check`` and ``bulletin status``: a survey of the workspace (with the
same workers as export and a kept per-file result), and its two reports. Builds on
``content`` and ``translation``."""
