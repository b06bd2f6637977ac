"""The overview's **Innmeldinger** (Submissions) section: who sent, who did not, what was carried
forward, what went missing. It formats the build's checklist (``Portfolio.submissions``); it computes
nothing of its own."""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from . import formatting as fmt
from .views import Context, esc, section, t, table_html


def submissions_section(ctx: Context) -> HTML:
    """The checklist of the report's period, in words and as a table, organisations that sent nothing first."""
    heading = f'<h2>{esc(t(ctx, "section.submissions"))}</h2>'
    rows = ctx.pf.submissions
    rows = rows[rows["report_period"] == ctx.period] if len(rows) else rows
    if ctx.pf.intake != "submissions":
        files = sorted({name.rsplit("/", 1)[-1] for cell in rows.get("files", pd.Series(dtype=object)).dropna()
                        for name in str(cell).split("; ") if name})
        return section(heading, f'<p>{esc(t(ctx, "submissions.published_list", files=", ".join(files)))}</p>')
    expected = rows[rows["expected"] | rows["sent"]]
    missing = expected[~expected["sent"]]
    text = [t(ctx, "submissions.sentence", sent=int(expected["sent"].sum()), expected=len(expected))]
    text.append(t(ctx, "submissions.not_sent", names=", ".join(missing["actor"])) if len(missing)
                else t(ctx, "submissions.all_sent"))
    gone = int(rows["gone_missing"].sum())
    if gone:
        names = ", ".join(f"{r.actor} ({r.gone_missing})" for r in rows[rows["gone_missing"] > 0].itertuples())
        text.append(t(ctx, "submissions.gone_missing", count=gone, names=names))
    ordered = expected.assign(_sent=expected["sent"].astype(int)).sort_values(["_sent", "actor"])
    table = table_html(esc(t(ctx, "submissions.table")), [esc(t(ctx, key)) for key in (
        "label.actor_short", "label.submission_state", "label.files", "label.rows_submitted", "label.carried",
        "label.left_listed", "label.gone_missing")], [[
            esc(r.actor), esc(t(ctx, "label.received" if r.sent else "label.not_received")), file_names(r.files),
            esc(fmt.number(r.rows, ctx.language)), esc(fmt.number(r.carried_forward, ctx.language)),
            esc(fmt.number(r.left_named, ctx.language)), esc(fmt.number(r.gone_missing, ctx.language))]
            for r in ordered.itertuples()], {3, 4, 5, 6}, row_headers=True)
    return section(heading, f'<p>{esc(" ".join(text))}</p>', table)


def file_names(files) -> str:
    """The submitted files of an organisation by name (the folder is the period's), one per line."""
    names = [name.rsplit("/", 1)[-1] for name in str(files or "").split("; ") if name]
    return "<br>".join(esc(name) for name in names) or "–"
