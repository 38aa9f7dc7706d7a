"""``report --portfolio --out FILE.docx|FILE.pdf``: one paper for the committee covering every plan in
the store (bvdata.papers.portfolio)."""
from __future__ import annotations

from .common import CliError, store_of, write_file


def portfolio_report(args) -> int:
    from ..model.portfolio import portfolio_view
    from ..papers.portfolio import portfolio_docx
    from ..store.portfolio import committee_plans
    if args.source is not None or args.plan:
        raise CliError("report --portfolio covers every plan; leave out the file and --plan.")
    engine = store_of(args)
    states = committee_plans(engine)
    if not states:
        raise CliError("The store holds no plan yet; publish a tracker first.")
    view = portfolio_view(states, args.as_of)        # None: each plan as at its own latest update
    data = portfolio_docx(view)
    if args.out.lower().endswith(".pdf"):
        from ..papers.pdf import docx_to_pdf
        data = docx_to_pdf(data)
    write_file(args.out, data)
    print(f"Wrote {args.out} ({len(states)} plans: {', '.join(s.plan.name for s in states)})")
    return 0
