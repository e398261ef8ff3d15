"""Report -> one self-contained HTML file (first pass: documents and skipped inputs)."""
from __future__ import annotations

from html import escape

from ..model import Report


def render_html(report: Report) -> str:
    parts = ["<!doctype html><html lang='en'><head><meta charset='utf-8'>",
             "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src 'unsafe-inline'\">",
             "<title>storylens report</title></head><body>", "<h1>storylens report</h1>"]
    for d in report.documents:
        parts.append(f"<section><h2>{escape(d.title or d.id)}</h2>"
                     f"<p>{escape(d.outlet or '')}</p>")
        for para in d.text.split("\n\n"):
            parts.append(f"<p>{escape(para)}</p>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts)
