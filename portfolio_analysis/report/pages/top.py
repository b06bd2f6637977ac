"""The top of every page: its heading, a banner for synthetic data, and notes where values are unknown,
where the two periods rate on different scales, and how their projects were matched."""

from __future__ import annotations

from ...settings.maps import scale_mapping
from ..catalogue import Context, period_name, sentence, t
from ..html import Block, block, heading as heading_html, paragraph


def heading(ctx: Context, name: str) -> Block:
    """The page's heading, with a banner for synthetic data and a note where values are unknown; the overview's
    also says how many projects are in both periods (once in a report set, not on every page of its single file)."""
    parts = [heading_html(f'{t(ctx, "section." + name)}: {ctx.pf.title}, {period_name(ctx, ctx.period)}', 1),
             paragraph(t(ctx, "page.compared"), "lead")]
    if ctx.pf.synthetic:
        parts.insert(0, paragraph(t(ctx, "page.synthetic"), "banner"))
    for period in (ctx.previous, ctx.period):
        if not ctx.pf.values_published(period):
            notice = t(ctx, "page.unknown_previous", period_name=period_name(ctx, period))
            parts.append(paragraph(sentence(notice), "notice"))
    return block(*parts, scale_note(ctx), match_note(ctx) if name == "overview" else None)


def scale_note(ctx: Context):
    """Where the two periods rate on different scales: how the finer one is read on the coarser."""
    before, after = ctx.pf.scale_of(ctx.previous), ctx.pf.scale_of(ctx.period)
    if before is None or after is None or before.name == after.name:
        return None
    coarse, fine = (before, after) if len(before.labels) <= len(after.labels) else (after, before)
    read_as = "; ".join(f"{label} → {target}" for label, target in scale_mapping(fine.name, coarse.name).items()
                        if label != target)
    text = t(ctx, "page.scale_note", previous_points=len(before.labels), current_points=len(after.labels),
             points=len(coarse.labels), read_as=read_as)
    return paragraph(text, "notice")


def match_note(ctx: Context):
    """How many projects are in both periods, left and joined; and how many were matched by name, where any."""
    matched = ctx.comparison.matching
    text = t(ctx, "page.match_note", continuing=matched["continuing"], left=matched["left"], joined=matched["joined"])
    if matched["by_name"]:
        text += " " + t(ctx, "page.match_note.by_name", by_name=matched["by_name"])
    return paragraph(text, "small")
