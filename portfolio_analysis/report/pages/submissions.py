"""The overview's **Innmeldinger** (Submissions) section: who sent, who did not, what was carried
forward, what went missing. It formats the build's checklist (``Portfolio.submissions``); it computes
nothing of its own."""

from __future__ import annotations

import pandas as pd

from ..catalogue import Context, number, t
from ..html import Block, block, heading, lines, paragraph, table


def submissions_section(ctx: Context) -> Block:
    """The checklist of the report's period, in words and as a table, organisations that sent nothing first."""
    title = heading(t(ctx, "section.submissions"))
    rows = ctx.pf.submissions
    rows = rows[rows["report_period"] == ctx.period] if len(rows) else rows
    if ctx.pf.intake != "submissions":
        files = sorted({name.rsplit("/", 1)[-1] for cell in rows.get("files", pd.Series(dtype=object)).dropna()
                        for name in str(cell).split("; ") if name})
        return block(title, paragraph(t(ctx, "submissions.published_list", files=", ".join(files))), data=rows)
    expected = rows[rows["expected"] | rows["sent"]]
    missing = expected[~expected["sent"]]
    text = [t(ctx, "submissions.sentence", sent=int(expected["sent"].sum()), expected=len(expected))]
    text.append(t(ctx, "submissions.not_sent", names=", ".join(missing["actor"])) if len(missing)
                else t(ctx, "submissions.all_sent"))
    gone = int(rows["gone_missing"].sum())
    if gone:
        names = ", ".join(f"{r.actor} ({r.gone_missing})" for r in rows[rows["gone_missing"] > 0].itertuples())
        text.append(t(ctx, "submissions.gone_missing", count=gone, names=names))
    ordered = expected.assign(_sent=expected["sent"].astype(int)).sort_values(["_sent", "actor"]).drop(columns="_sent")
    headers = [t(ctx, key) for key in ("label.actor_short", "label.submission_state", "label.files",
                                       "label.rows_submitted", "label.carried", "label.left_listed",
                                       "label.gone_missing")]
    cells = [[r.actor, t(ctx, "label.received" if r.sent else "label.not_received"), file_names(r.files),
              number(ctx, r.rows), number(ctx, r.carried_forward), number(ctx, r.left_named),
              number(ctx, r.gone_missing)] for r in ordered.itertuples()]
    return block(title, paragraph(" ".join(text)),
                 table(t(ctx, "submissions.table"), headers, cells, {3, 4, 5, 6}, row_headers=True),
                 data=ordered.reset_index(drop=True))


def file_names(files):
    """The submitted files of an organisation by name (the folder is the period's), one per line."""
    names = [name.rsplit("/", 1)[-1] for name in str(files or "").split("; ") if name]
    return lines(names) if names else "–"
