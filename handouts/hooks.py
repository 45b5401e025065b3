"""mkdocs hooks (listed under `hooks:` in mkdocs.yml): the events handled in handouts.site."""

from handouts.site import (
    on_config,
    on_env,
    on_files,
    on_page_context,
    on_page_markdown,
    on_post_build,
    on_startup,
)

__all__ = ["on_config", "on_env", "on_files", "on_page_context", "on_page_markdown", "on_post_build", "on_startup"]
