"""The list-page table: search, filters, sorting, paging and Excel export, declared once per page.

Every list page of the platform goes through this so that they all behave alike: the same query
parameters (`q`, `sort`, `page`, `per_page`, `export=xlsx`, one per filter), the same filter bar and the
same export that respects exactly what the page shows (scope, filters, order — not the paging).

Example (a view)::

    from fazhi.core.tables import BooleanFilter, ChoiceFilter, Column, DateRangeFilter, Table

    @capability_required(cap.MANAGE_USERS)
    def user_list(request):
        table = Table(
            User.objects.for_user(request.user).select_related("unit"),
            columns=[
                Column("username", "账号", sortable=True, link=lambda u: reverse("core:user_edit", args=[u.pk])),
                Column("full_name", "姓名", sortable=True),
                Column("unit", "所属单位", accessor="unit.name", order_by="unit__path"),
                Column("is_active", "启用", sortable=True),
            ],
            search=["username", "full_name"],
            filters=[
                ChoiceFilter("role", "角色", "roles__code", choices=lambda: Role.objects.values_list("code", "name")),
                BooleanFilter("active", "状态", "is_active", yes="启用", no="停用"),
                DateRangeFilter("joined", "创建日期", "date_joined__date"),
            ],
            default_sort="username",
        ).from_request(request)
        return table.respond(request, "core/user_list.html", {}, filename="用户")

and in the page template ``{% include "core/_table.html" %}``. A page whose rows need more than text
and links passes ``rows_template="app/_rows.html"`` to ``Table`` (that template renders the ``<tr>``s
of ``table.rows``, each with ``row.obj`` and ``row.cells``).

With htmx the filter bar, the sort headers and the page links replace only the table (the server sees
the ``HX-Target`` header naming the table and answers with the partial); without JavaScript they are
plain links and a GET form and work the same.
"""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import models
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from fazhi.core import trigrams
from fazhi.core.fasthtml import conditional_escape, escape, format_html
from fazhi.core.iterables import batches

PER_PAGE_CHOICES = (20, 50, 100)
# A list counts at most this many rows (settings.FAZHI_LIST_COUNT_CAP): beyond it the page says "10000+"
# rather than count a province's 200,000 rows on every view.
DEFAULT_COUNT_CAP = 10_000
EXPORT_PARAM = "export"
RESERVED_PARAMS = {"q", "sort", "page", "per_page", EXPORT_PARAM}

Accessor = str | Callable[[Any], Any] | None


def _resolve(obj: Any, path: str) -> Any:
    """`unit.name` → obj.unit.name; None anywhere along the way gives None."""
    value = obj
    for part in path.replace("__", ".").split("."):
        if value is None:
            return None
        value = getattr(value, part)
        if callable(value) and not isinstance(value, models.Manager):
            value = value()
    return value


def display_text(value: Any) -> str:
    """How a cell value reads on the page (and the export, for anything not a number or date)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else (
            value.strftime("%Y-%m-%d %H:%M"))
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, models.Manager):
        return "、".join(str(v) for v in value.all()) or "—"
    if isinstance(value, list | tuple | set):
        return "、".join(str(v) for v in value) or "—"
    return str(value)


def _export_value(value: Any) -> Any:
    if isinstance(value, str):  # most cells: skip the checks below
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.datetime):
        # Excel has no time zones: write the local wall-clock time the page shows.
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, datetime.date | int | float):
        return value
    return display_text(value)


class BoundedPaginator(Paginator):
    """A paginator that counts at most `cap` + 1 rows (``COUNT(*)`` over a ``LIMIT cap+1`` subquery).

    Below the cap it is Django's paginator with the exact count. Above it, `capped` is true, `count` is
    the cap, and the pages are those of the first `cap` rows: the last page ends at row `cap`, the page
    shows "cap+" and the user narrows with the search and filters (or flips the sort) to reach the rest.
    """

    def __init__(self, object_list: Any, per_page: int, cap: int) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap

    @cached_property
    def _bounded_count(self) -> int:
        rows = self.object_list
        # A queryset that already knows its count (supervision's CountedQuerySet) is not counted again.
        known = getattr(rows, "known_count", None)
        if known is not None:
            return min(known, self.cap + 1)
        if isinstance(rows, models.QuerySet):
            # The order does not change how many rows there are, and sorting 200,000 rows to keep
            # the first 10,001 would cost what the cap saves.
            return rows.order_by().values("pk")[: self.cap + 1].count()
        return min(len(rows), self.cap + 1)

    @property
    def capped(self) -> bool:
        return self._bounded_count > self.cap

    @cached_property
    def count(self) -> int:
        return min(self._bounded_count, self.cap)

    @property
    def count_text(self) -> str:
        """The count as the page shows it: exact, or "10000+" above the cap."""
        return f"{self.cap}+" if self.capped else str(self.count)

    def page(self, number: Any) -> Page:
        """Django's page, its rows read by `rows_between` (from the end of the list for a back page). Above the
        cap the end of the list is not known, and the pages are read from the front as before."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if self.capped:
            return super().page(number)
        return self._get_page(rows_between(self.object_list, bottom, top, self.count), number, self)


def rows_between(rows: Any, start: int, stop: int, count: int) -> Any:
    """Rows `start` to `stop` (exclusive) of a list of `count` rows in all, as its slice `rows[start:stop]`.

    In the back half of a queryset in a total order (ending with the primary key, as every list table's is) they
    are read from the end: the same rows in the reverse order with an OFFSET from the end, reversed here. The
    last of 20,000 rows then skips none instead of 19,980 (a database walks every row it skips), and since the
    reverse order is the exact mirror image, pages neither skip nor repeat a row. `count` must be exact.
    """
    if 2 * start <= count or stop > count or not _totally_ordered(rows):
        return rows[start:stop]
    found = list(rows.reverse()[count - stop : count - start])
    found.reverse()
    return found


def _totally_ordered(rows: Any) -> bool:
    """Whether a queryset's order ends with its primary key (so no two rows tie)."""
    if not isinstance(rows, models.QuerySet) or rows.query.distinct_fields:
        return False
    query = rows.query
    ordering = query.order_by or (rows.model._meta.ordering if query.default_ordering else ())
    if not ordering:
        return False
    last = ordering[-1]
    if isinstance(last, models.OrderBy):
        last = last.expression
    name = last.name if isinstance(last, models.F) else last if isinstance(last, str) else ""
    pk = rows.model._meta.pk
    return name.lstrip("-") in {"pk", pk.name, pk.attname}


def total_order(rows: models.QuerySet) -> models.QuerySet:
    """`rows` in their own order with the primary key breaking ties (the same order when it already ends with it)."""
    if _totally_ordered(rows):
        return rows
    query = rows.query
    ordering = list(query.order_by or (rows.model._meta.ordering if query.default_ordering else ()))
    return rows.order_by(*ordering, "pk")


@dataclass
class Column:
    """One column. `name` is the sort key in `?sort=` and, by default, the attribute shown.

    accessor: a dotted path (``"unit.name"``) or a callable ``row -> value``; default: the model
        field's display value (``get_<name>_display`` for fields with choices) or the attribute.
    order_by: the ORM expression sorted on (default `name`); only `sortable` columns are sortable.
    link: ``row -> url`` makes the cell a link on the page.
    export: whether the column goes into the Excel file; `width` is its width there (characters).
    """

    name: str
    label: str
    sortable: bool = False
    export: bool = True
    accessor: Accessor = None
    order_by: str | None = None
    link: Callable[[Any], str] | None = None
    width: int | None = None
    css: str = ""

    def value(self, obj: Any) -> Any:
        if callable(self.accessor):
            return self.accessor(obj)
        if isinstance(self.accessor, str):
            return _resolve(obj, self.accessor)
        display = getattr(obj, f"get_{self.name}_display", None)
        if display is not None:
            return display()
        return _resolve(obj, self.name)

    @property
    def sort_field(self) -> str:
        return self.order_by or self.name


@dataclass
class Filter:
    """A filter bound to the query parameter `name`. Subclasses decide the widget and the lookup."""

    name: str
    label: str
    field: str = ""
    # Set when the lookup crosses a many-to-many relation, so matching rows are not repeated.
    many: bool = False
    widget = "select"

    def params(self) -> list[str]:
        return [self.name]

    def q(self, data: QueryDict) -> models.Q | None:
        raise NotImplementedError

    def options(self) -> list[tuple[str, str]]:
        return []


@dataclass
class ChoiceFilter(Filter):
    """A select of values; `choices` is a list of (value, label) or a callable returning one.

    `method(value) -> Q` replaces the plain ``field=value`` lookup (e.g. a unit and its subtree).
    """

    choices: Iterable[tuple[Any, str]] | Callable[[], Iterable[tuple[Any, str]]] = ()
    method: Callable[[str], models.Q] | None = None

    def options(self) -> list[tuple[str, str]]:
        choices = self.choices() if callable(self.choices) else self.choices
        return [(str(value), str(label)) for value, label in choices]

    def q(self, data: QueryDict) -> models.Q | None:
        value = data.get(self.name, "")
        if not value or value not in {v for v, _ in self.options()}:
            return None  # unknown values are ignored, never passed to the database
        return self.method(value) if self.method else models.Q(**{self.field: value})


@dataclass
class BooleanFilter(Filter):
    yes: str = "是"
    no: str = "否"

    def options(self) -> list[tuple[str, str]]:
        return [("1", self.yes), ("0", self.no)]

    def q(self, data: QueryDict) -> models.Q | None:
        value = data.get(self.name, "")
        if value not in {"1", "0"}:
            return None
        return models.Q(**{self.field: value == "1"})


@dataclass
class DateRangeFilter(Filter):
    """Two date inputs, ``<name>_from`` and ``<name>_to``, both inclusive. For a DateTimeField pass
    ``field="at__date"`` so the days are the local calendar days."""

    widget = "date_range"

    def params(self) -> list[str]:
        return [f"{self.name}_from", f"{self.name}_to"]

    @staticmethod
    def _date(raw: str) -> datetime.date | None:
        try:
            return datetime.date.fromisoformat(raw) if raw else None
        except ValueError:
            return None

    def bounds(self, data: QueryDict) -> tuple[datetime.date | None, datetime.date | None]:
        return self._date(data.get(f"{self.name}_from", "")), self._date(data.get(f"{self.name}_to", ""))

    def q(self, data: QueryDict) -> models.Q | None:
        start, end = self.bounds(data)
        q = models.Q()
        if start:
            q &= models.Q(**{f"{self.field}__gte": start})
        if end:
            q &= models.Q(**{f"{self.field}__lte": end})
        return q if (start or end) else None


@dataclass
class Cell:
    text: str
    url: str = ""
    css: str = ""


class Row:
    """One object of the page and its cells; the cells are computed only if a template reads them (a
    page with its own `rows_template` usually reads `row.obj` alone)."""

    def __init__(self, obj: Any, cells: list[Cell] | None = None, columns: Sequence[Column] = ()) -> None:
        self.obj = obj
        self._cells = cells
        self._columns = columns

    @property
    def cells(self) -> list[Cell]:
        if self._cells is None:
            self._cells = [
                Cell(display_text(c.value(self.obj)), c.link(self.obj) if c.link else "", c.css)
                for c in self._columns
            ]
        return self._cells


class Table:
    """A queryset shown as a filterable, sortable, paged table that exports what it shows."""

    def __init__(
        self,
        queryset: models.QuerySet,
        columns: Sequence[Column],
        *,
        filters: Sequence[Filter] = (),
        search: Sequence[str] = (),
        search_placeholder: str = "搜索",
        default_sort: str | None = None,
        per_page: int = PER_PAGE_CHOICES[0],
        dom_id: str = "fz-table",
        rows_template: str | None = None,
        empty_text: str = "没有记录",
        prepare: Callable[[list], None] | None = None,
        keep: Sequence[str] = (),
        cache: bool = False,
        search_index: str = "",
    ) -> None:
        self.base_queryset = queryset
        self.columns = list(columns)
        self.filters = list(filters)
        self.search_fields = list(search)
        self.search_placeholder = search_placeholder
        # The SQLite FTS5 trigram table over the search columns, if the app keeps one (`fazhi.core.trigrams`).
        self.search_index = search_index
        self.default_sort = default_sort
        self.per_page = per_page
        self.dom_id = dom_id
        self.rows_template = rows_template
        self.empty_text = empty_text
        # Called with each batch of objects before they are shown or exported: it attaches what the
        # cells need in one query per batch (cheaper than a prefetch that builds a model per related row).
        self.prepare = prepare
        # Query parameters of the page around the table (a tab) that filtering and clearing keep.
        self.keep = tuple(keep)
        # Keep the rendered table (filter bar, rows, paging) until the next write (`fazhi.core.fragments`):
        # only for a table whose rows show nothing that changes without a logged write, and hold no form.
        self.cache = cache
        self.data: QueryDict = QueryDict()
        self.path = ""
        self.query = ""
        self.sort = default_sort or ""
        self.queryset = queryset
        self._paged = False

    # ---------------------------------------------------------------------------- binding a request

    def from_request(self, request: HttpRequest) -> Table:
        """Apply the request's search, filters and sort; page unless the request asks for the export."""
        self.data = request.GET
        self.path = request.path
        qs = self.base_queryset
        self.query = (self.data.get("q") or "").strip()[:100]
        narrowing: list[models.Q] = []
        crosses_many = False
        if self.query and self.search_fields:
            if self.search_index:
                qs = trigrams.narrowed(qs, self.query, self.search_index)
            q = models.Q()
            for term in self.query.split():
                term_q = models.Q()
                for lookup in self.search_fields:
                    term_q |= models.Q(**{f"{lookup}__icontains": term})
                q &= term_q
            narrowing.append(q)
            crosses_many = any("__" in f for f in self.search_fields)
        for flt in self.filters:
            q = flt.q(self.data)
            if q is not None:
                narrowing.append(q)
                crosses_many = crosses_many or flt.many
        if narrowing:
            combined = models.Q()
            for q in narrowing:
                combined &= q
            if crosses_many:
                # A correlated EXISTS instead of .distinct() (which breaks ordering on related fields) or
                # `pk__in` (which some databases evaluate over the whole table before the page's own
                # filters narrow it): each candidate row is checked through its indexes.
                matching = qs.model._default_manager.filter(combined, pk=models.OuterRef("pk"))
                qs = qs.filter(models.Exists(matching))
            else:
                qs = qs.filter(combined)
        self.sort = self._valid_sort(self.data.get("sort", ""))
        if self.sort:
            column = self._column(self.sort.lstrip("-"))
            desc = self.sort.startswith("-")
            field_name = column.sort_field if column else self.sort.lstrip("-")
            expr = models.F(field_name).desc(nulls_last=True) if desc else models.F(field_name).asc(nulls_last=True)
            # The primary key breaks ties so a row never shows on two pages.
            qs = qs.order_by(expr, "-pk" if desc else "pk")
        else:
            qs = total_order(qs)
        self.queryset = qs
        if self.data.get(EXPORT_PARAM) != "xlsx":
            per_page = self.data.get("per_page", "")
            self.per_page = int(per_page) if per_page.isdigit() and int(per_page) in PER_PAGE_CHOICES else (
                self.per_page)
            self._paged = True
        return self

    @cached_property
    def page(self) -> Page | None:
        """The page of rows the request asks for (None for the export); counted when first read, so a
        cached table (`cache=True`) whose fragment is kept costs no count."""
        if not self._paged:
            return None
        cap = getattr(settings, "FAZHI_LIST_COUNT_CAP", DEFAULT_COUNT_CAP)
        return BoundedPaginator(self.queryset, self.per_page, cap).get_page(self.data.get("page"))

    @property
    def fragment_name(self) -> str:
        """The `{% fragment %}` name of the rendered table, empty when it is not cached."""
        return f"table:{self.dom_id}" if self.cache else ""

    @property
    def fragment_query(self) -> str:
        return self.data.urlencode()

    def _column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    def _valid_sort(self, raw: str) -> str:
        """Only sortable columns (and the declared default) may be sorted on: `sort` reaches the ORM."""
        name = raw.lstrip("-")
        column = self._column(name)
        if column is not None and column.sortable:
            return f"-{name}" if raw.startswith("-") else name
        return self.default_sort or ""

    # ---------------------------------------------------------------------------- what templates read

    def url(self, **changes: Any) -> str:
        """The current query string with `changes` applied (None removes a key)."""
        params = self.data.copy()
        for key, value in changes.items():
            if value is None or value == "":
                params.pop(key, None)
            else:
                params[key] = str(value)
        if EXPORT_PARAM not in changes:
            params.pop(EXPORT_PARAM, None)
        encoded = params.urlencode()
        return f"{self.path}?{encoded}" if encoded else self.path

    @property
    def headers(self) -> list[dict]:
        current = self.sort.lstrip("-")
        desc = self.sort.startswith("-")
        result = []
        for column in self.columns:
            entry = {"label": column.label, "css": column.css, "url": "", "direction": ""}
            if column.sortable:
                next_sort = f"-{column.name}" if column.name == current and not desc else column.name
                entry["url"] = self.url(sort=next_sort, page=None)
                if column.name == current:
                    entry["direction"] = "desc" if desc else "asc"
            result.append(entry)
        return result

    @cached_property
    def rows(self) -> list[Row]:
        items = list(self.page.object_list if self.page is not None else self.queryset)
        if self.prepare is not None:
            self.prepare(items)
        return [Row(obj, columns=self.columns) for obj in items]

    @property
    def body_html(self) -> SafeString:
        """The rows of the default layout (`core/_table.html` without a `rows_template`), written here: a
        page of 20–100 rows of 6–8 cells through the template engine cost more than fetching them."""
        rows = self.rows
        if not rows:
            return format_html('<tr><td colspan="{}" class="text-secondary text-center py-3">{}</td></tr>',
                               len(self.columns), self.empty_text)
        html = []
        for row in rows:
            cells = "".join(
                f'<td class="{escape(c.css)}"><a href="{escape(c.url)}">{conditional_escape(c.text)}</a></td>'
                if c.url else f'<td class="{escape(c.css)}">{conditional_escape(c.text)}</td>'
                for c in row.cells
            )
            html.append(f"<tr>{cells}</tr>")
        return mark_safe("\n".join(html))  # noqa: S308 (every value above is escaped)

    @property
    def filter_widgets(self) -> list[dict]:
        widgets = []
        for flt in self.filters:
            if flt.widget == "date_range":
                start, end = flt.bounds(self.data)
                widgets.append({
                    "kind": "date_range", "label": flt.label, "name": flt.name,
                    "from_name": f"{flt.name}_from", "to_name": f"{flt.name}_to",
                    "from_value": start.isoformat() if start else "", "to_value": end.isoformat() if end else "",
                })
            else:
                widgets.append({
                    "kind": "select", "label": flt.label, "name": flt.name,
                    "value": self.data.get(flt.name, ""), "options": flt.options(),
                })
        return widgets

    @property
    def kept_params(self) -> list[tuple[str, str]]:
        """Parameters the filter form must carry along as hidden inputs (sort and page size)."""
        return [(k, self.data[k]) for k in ("sort", "per_page", *self.keep) if self.data.get(k)]

    @property
    def page_links(self) -> dict:
        page = self.page
        if page is None:
            return {}
        return {
            "first": self.url(page=1) if page.number > 1 else "",
            "previous": self.url(page=page.previous_page_number()) if page.has_previous() else "",
            "next": self.url(page=page.next_page_number()) if page.has_next() else "",
            # Above the count cap the last counted page is not the end of the list: no "last" link.
            "last": self.url(page=page.paginator.num_pages) if page.has_next() and not page.paginator.capped else "",
        }

    @property
    def per_page_links(self) -> list[tuple[int, str, bool]]:
        return [(n, self.url(per_page=n, page=None), n == self.per_page) for n in PER_PAGE_CHOICES]

    @property
    def export_url(self) -> str:
        return self.url(export="xlsx", page=None)

    @property
    def is_filtered(self) -> bool:
        return bool(self.query) or any(self.data.get(p) for f in self.filters for p in f.params())

    @property
    def clear_url(self) -> str:
        keep = {k: v for k, v in self.kept_params}
        return f"{self.path}?{urlencode(keep)}" if keep else self.path

    # ---------------------------------------------------------------------------- responses

    def export_xlsx(self, filename: str, title: str | None = None) -> FileResponse:
        """The filtered, sorted rows (all pages) as an .xlsx download, written row by row."""
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter

        from fazhi.core import excel

        columns = [c for c in self.columns if c.export]
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=(title or filename)[:31])
        for index, column in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width or max(
                12, len(column.label) * 2 + 4)
        sheet.freeze_panes = "A2"
        header = []
        for column in columns:
            cell = excel.text_cell(sheet, column.label)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center")
            header.append(cell)
        sheet.append(header)
        queryset = self.queryset
        # iterator() keeps memory flat on big logs; prefetches need a chunk size to still apply.
        for batch in batches(queryset.iterator(chunk_size=2000), 2000):
            if self.prepare is not None:
                self.prepare(batch)
            for obj in batch:
                # User text (login names, report text …) goes in as text, never as a formula.
                excel.append_row(sheet, [_export_value(column.value(obj)) for column in columns])
        # The file outlives this function: FileResponse streams and then closes it.
        spool = tempfile.TemporaryFile()  # noqa: SIM115
        workbook.save(spool)
        spool.seek(0)
        stamp = timezone.localdate().strftime("%Y%m%d")
        return FileResponse(
            spool, as_attachment=True, filename=f"{filename}-{stamp}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )

    def wants_partial(self, request: HttpRequest) -> bool:
        return request.headers.get("HX-Request") == "true" and request.headers.get("HX-Target") == self.dom_id

    def respond(
        self, request: HttpRequest, template: str, context: dict | None = None, *, filename: str
    ) -> HttpResponse:
        """The page, the table alone (htmx), or the Excel file (`?export=xlsx`), as the request asks."""
        if request.GET.get(EXPORT_PARAM) == "xlsx":
            return self.export_xlsx(filename)
        context = {**(context or {}), "table": self}
        if self.wants_partial(request):
            return render(request, "core/_table.html", context)
        return render(request, template, context)
