"""A staff-written text as HTML: every character escaped, only three shapes recognised
(a "## " heading, "- " list lines, paragraphs), so the admin's text box cannot inject markup
into a public page."""

from django.utils.html import escape, format_html_join
from django.utils.safestring import mark_safe


def body_html(text: str) -> str:
    parts = []
    for block in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if lines[0].startswith("## "):
            parts.append(f'<h2 class="h4 mt-4">{escape(lines[0][3:])}</h2>')
            lines = lines[1:]
            if not lines:
                continue
        if all(line.startswith("- ") for line in lines):
            items = format_html_join("", "<li>{}</li>", ((line[2:],) for line in lines))
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append(f"<p>{escape(' '.join(lines))}</p>")
    return mark_safe("\n".join(parts))  # noqa: S308 (built from escaped parts only)
