"""The articles and their translations as files: the document model of a body
(``document``), its segments, the front matter, the translation files with their
markers, and the workspace that holds them. Every later stage builds on this one;
it imports nothing from them."""
