"""The REST API under /api/v1/ (docs/api.md): thin endpoints over the selectors and
services the web uses, personal API tokens, the dataset dump that ``kinerja sync``
pulls."""
