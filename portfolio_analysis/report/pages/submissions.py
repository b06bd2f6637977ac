"""The overview's **Innmeldinger** (Submissions) section: who sent, who did not, what was carried
forward, what went missing. It formats the build's checklist of the period
(:func:`portfolio_analysis.period_submissions`); it computes nothing of its own."""

from __future__ import annotations

from ...analysis.overview import period_submissions
from ..catalogue import Context, number, t
from ..html import Block, block, heading, lines, paragraph, table


def submissions_section(ctx: Context) -> Block:
    """The checklist of the report's period, in words and as a table, organisations that sent nothing first."""
    title = heading(t(ctx, "section.submissions"))
    checklist = period_submissions(ctx.pf, ctx.period)
    if checklist.intake != "submissions":
        return block(title, paragraph(t(ctx, "submissions.published_list", files=", ".join(checklist.files))),
                     data=checklist.rows)
    text = [t(ctx, "submissions.sentence", sent=checklist.sent, expected=checklist.expected)]
    text.append(t(ctx, "submissions.not_sent", names=", ".join(checklist.not_sent)) if checklist.not_sent
                else t(ctx, "submissions.all_sent"))
    if checklist.gone_missing:
        names = ", ".join(f"{actor} ({count})" for actor, count in checklist.gone_missing_by_actor)
        text.append(t(ctx, "submissions.gone_missing", count=checklist.gone_missing, names=names))
    headers = [t(ctx, key) for key in ("label.actor_short", "label.submission_state", "label.files",
                                       "label.rows_submitted", "label.carried", "label.left_listed",
                                       "label.gone_missing")]
    cells = [[r.actor, t(ctx, "label.received" if r.sent else "label.not_received"), file_names(r.files),
              number(ctx, r.rows), number(ctx, r.carried_forward), number(ctx, r.left_named),
              number(ctx, r.gone_missing)] for r in checklist.rows.itertuples()]
    return block(title, paragraph(" ".join(text)),
                 table(t(ctx, "submissions.table"), headers, cells, {3, 4, 5, 6}, row_headers=True),
                 data=checklist.rows)


def file_names(files):
    """The submitted files of an organisation by name (the folder is the period's), one per line."""
    names = [name.rsplit("/", 1)[-1] for name in str(files or "").split("; ") if name]
    return lines(names) if names else "–"
