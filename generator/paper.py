"""How values look on paper: dates, boxes, money, ``无``, and text continued on an 附页.

Templates only place values (STYLE E10); every piece of shaping lives here and is tested.
The context builders collect continuations in an :class:`Attachments` list: a value too long
for its cell keeps its first part in the cell with a reference "（续见附页 N）", and the rest
goes on 附页 N at the end of the form ("填写不下，可另附页").
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from uniseg.linebreak import line_break_boundaries

NONE_TEXT = "无"   # what an empty-but-required box says (004 填表说明 三)
CN_DIGITS = "〇一二三四五六七八九"
BLANK_DATE = "　　　　年　　月　　日"   # a date box left for the hand


def _ymd(value: str) -> tuple[int, int, int | None]:
    parts = str(value).strip().split("-")
    if len(parts) not in (2, 3) or not all(p.isdigit() for p in parts):
        raise ValueError(f"not a YYYY-MM or YYYY-MM-DD date: {value!r}")
    y, m = int(parts[0]), int(parts[1])
    return y, m, int(parts[2]) if len(parts) == 3 else None


def cn_date(value: str | None) -> str:
    """'2025-06-30' → '2025年6月30日'; '2025-06' → '2025年6月'; empty → ''.

    >>> cn_date("2025-06-30"), cn_date("2025-06"), cn_date(None)
    ('2025年6月30日', '2025年6月', '')
    """
    if not value:
        return ""
    y, m, d = _ymd(value)
    return f"{y}年{m}月" + (f"{d}日" if d else "")


def _cn_number(n: int) -> str:
    """1..31 in Chinese numerals as written in dates: 十, 十二, 二十, 三十一."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CN_DIGITS[ones]
    return (CN_DIGITS[tens] if tens > 1 else "") + "十" + (CN_DIGITS[ones] if ones else "")


def cn_numeral_date(value: str | None) -> str:
    """Dates written out as on official seals: '2025-06-30' → '二〇二五年六月三十日'.

    >>> cn_numeral_date("2025-06-30"), cn_numeral_date("2021-10")
    ('二〇二五年六月三十日', '二〇二一年十月')
    """
    if not value:
        return ""
    y, m, d = _ymd(value)
    year = "".join(CN_DIGITS[int(c)] for c in f"{y:04d}")
    return f"{year}年{_cn_number(m)}月" + (f"{_cn_number(d)}日" if d else "")


def year_month_boxes(value: str | None) -> tuple[str, ...]:
    """The six boxes of □□□□年□□月: four year digits, two month digits ('' when unknown).

    >>> year_month_boxes("2022-01")
    ('2', '0', '2', '2', '0', '1')
    >>> year_month_boxes(None)
    ('', '', '', '', '', '')
    """
    if not value:
        return ("",) * 6
    y, m, _ = _ymd(value)
    return tuple(f"{y:04d}{m:02d}")


def registration_number_boxes(number: str | None) -> tuple[str, ...]:
    """The twelve boxes of 批准登记号, blank until the number is issued.

    >>> "".join(registration_number_boxes("1402025Y0123"))
    '1402025Y0123'
    >>> registration_number_boxes(None) == ("",) * 12
    True
    """
    if not number:
        return ("",) * 12
    chars = tuple("".join(str(number).split()).replace("-", ""))
    return (chars + ("",) * 12)[:12] if len(chars) <= 12 else chars


def money(value) -> str:
    """Money in 万元 with two decimals, half up: 120.5 → '120.50'; None → ''.

    >>> money(120.5), money(0), money(3.005), money(None)
    ('120.50', '0.00', '3.01', '')
    """
    if value is None or value == "":
        return ""
    return str(Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def decimal(value) -> Decimal | None:
    """A money value of the record as an exact Decimal (None when missing or not a number).

    >>> decimal(0.1) + decimal(0.2), decimal("3.50"), decimal(None), decimal(True)
    (Decimal('0.3'), Decimal('3.50'), None, None)
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def exact_sum(values) -> Decimal | None:
    """The exact sum of money values; None when one is missing (an incomplete draft).

    >>> exact_sum([decimal(0.1), decimal(0.2)]), exact_sum([]), exact_sum([Decimal(1), None])
    (Decimal('0.3'), Decimal('0'), None)
    """
    values = list(values)
    return None if None in values else sum(values, Decimal(0))


def difference(minuend: Decimal | None, subtrahend: Decimal | None) -> Decimal | None:
    """``minuend − subtrahend``, or None when either is missing."""
    return None if minuend is None or subtrahend is None else minuend - subtrahend


def signed_money(value) -> str:
    """Like :func:`money` with an explicit sign for changes: 5 → '+5.00', -2 → '-2.00'.

    >>> signed_money(5), signed_money(-2.5), signed_money(0)
    ('+5.00', '-2.50', '0.00')
    """
    text = money(value)
    return "+" + text if text and Decimal(text) > 0 else text


def required(value) -> str:
    """A box the form says may not be left empty: blank → '无'.

    >>> required(""), required(None), required("  "), required([]), required(["甲", "乙"]), required(3)
    ('无', '无', '无', '无', '甲、乙', '3')
    """
    if value is None:
        return NONE_TEXT
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value) or NONE_TEXT
    text = str(value)
    return text if text.strip() else NONE_TEXT


def box_text(value) -> str:
    """A box that may stay empty: None → ''; lists joined with 、."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    return str(value)


def yes_no(value) -> str:
    """True → '是', False → '否', None → ''."""
    return "" if value is None else ("是" if value else "否")


def checkbox(options, chosen) -> str:
    """Tick boxes as printed forms show them: '■应用技术 □基础理论 □软科学'.

    >>> checkbox(["鉴定", "验收"], "验收")
    '□鉴定　■验收'
    """
    return "　".join(("■" if o == chosen else "□") + o for o in options)


#: The fewest characters an 附页 continues: a value at most this much longer than its box stays
#: whole in it (the box grows by a line) rather than leave "室" alone on an 附页.
MIN_CONTINUED = 10
#: Where a long text may be cut, best first: after a sentence, after a clause, at a space.
CUT_MARKS = ("。；！？;!?", "，、,：:", " \u3000\n")
#: Characters that join the parts of one name (阿卜杜热合曼·买买提依明, Anna-Maria): UAX #14
#: allows a line break beside them, a cut never falls there.
NAME_JOINERS = "·・‧•-‐‑–'’"


def cut_point(value: str, capacity: int) -> int:
    """Where a text longer than ``capacity`` is cut: after the last 。；！？ in the second half of
    the box, else after the last ，、：, else at the last space; with none of these, at the last
    UAX #14 line-break opportunity (uniseg) that is not beside a name joiner, so a Latin word
    (XGBoost) or a hyphenated name is never cut. Only a run without any break longer than half
    the box is cut at ``capacity`` itself.

    >>> cut_point("甲乙丙。丁戊己，庚辛壬癸子丑", 10)
    8
    >>> cut_point("研究方法用XGBoost模型", 9)
    5
    """
    low = max(1, capacity // 2)
    for marks in CUT_MARKS:
        for i in range(capacity, low - 1, -1):
            if value[i - 1] in marks:
                return i
    window = value[:capacity + 1]
    allowed = [b for b in line_break_boundaries(window)
               if low <= b <= capacity and window[b - 1] not in NAME_JOINERS
               and (b == len(window) or window[b] not in NAME_JOINERS)]
    return allowed[-1] if allowed else capacity


def continued_length(value, capacity: int) -> int:
    """How many characters of ``value`` :meth:`Attachments.text` moves to an 附页 (0: none)."""
    value = required(value)
    if len(value) <= capacity + MIN_CONTINUED:
        return 0
    return len(value[cut_point(value, capacity):].lstrip())


@dataclass(frozen=True)
class Continuation:
    """One 附页: the rest of a value that did not fit its cell."""

    number: int = field(metadata={"help": "附页编号，从 1 起"})
    title: str = field(metadata={"help": "原栏目名称，如 成果简介"})
    text: str = field(metadata={"help": "续写内容（可多行）"})
    #: the JSON Pointer (RFC 6901) of the record's field the text came from: the pre-check's
    #: S905 names it, so the web 预检 shows the notice beside that field
    path: str = field(default="", metadata={"help": "来源字段的 JSON Pointer，如 /change_items/0/reason"})


@dataclass
class Attachments:
    """Collects the 附页 of one form while its context is built.

    ``blank`` is what an empty box prints: nothing, on every form but the 期刊综合质量考核表,
    whose 填表说明 三 asks for 无 (:data:`NONE_TEXT`); the other forms' seeds say nothing of
    blanks (docs/forms.md, "Blanks")."""

    items: list[Continuation] = field(default_factory=list)
    blank: str = ""

    def _continue(self, title: str, text: str, at: str) -> int:
        number = len(self.items) + 1
        self.items.append(Continuation(number, title, text, at))
        return number

    def text(self, title: str, value, capacity: int, at: str = "") -> str:
        """The cell's text: the whole value if it fits ``capacity`` characters (or is less than
        :data:`MIN_CONTINUED` longer), otherwise its first part, cut at :func:`cut_point`, and a
        reference to the 附页 that holds the rest.

        >>> a = Attachments()
        >>> a.text("成果简介", "第一句说明研究背景。" * 3, 12)
        '第一句说明研究背景。……（续见附页 1）'
        >>> a.items[0].text
        '第一句说明研究背景。第一句说明研究背景。'
        >>> a.text("关键词", "短", 4)
        '短'
        >>> a.text("应用状态", None, 60), Attachments(blank=NONE_TEXT).text("刊名", " ", 30)
        ('', '无')
        """
        value = box_text(value)
        if not value.strip():
            return self.blank
        if not continued_length(value, capacity):
            return value
        cut = cut_point(value, capacity)
        number = self._continue(title, value[cut:].lstrip(), at)
        return f"{value[:cut]}……（续见附页 {number}）"

    def name(self, title: str, value, capacity: int, blank: str | None = None, at: str = "") -> str:
        """A name, a unit's name or a number, which is never cut: whole in its cell (the cell
        grows a line) up to ``capacity`` characters; a longer one goes whole to an 附页 and the
        cell says so.

        >>> a = Attachments()
        >>> a.name("签字人", "阿卜杜热合曼·买买提依明", 40)
        '阿卜杜热合曼·买买提依明'
        >>> a.name("签字人", "名" * 50, 40), a.items[0].text == "名" * 50
        ('见附页 1（50 字）', True)
        >>> a.name("统一社会信用代码", None, 24), Attachments(blank=NONE_TEXT).name("负责人", "", 8)
        ('', '无')
        """
        value = box_text(value)
        if not value.strip():
            return self.blank if blank is None else blank
        if len(value) <= capacity:
            return value
        return f"见附页 {self._continue(title, value, at)}（{len(value)} 字）"

    def rows(self, title: str, rows: list, capacity: int, line, at: str = "") -> tuple[list, str]:
        """Keep the first ``capacity`` rows in the form's table; the others go to an 附页 as one
        line each (``line(row) -> str``). Returns (rows kept, note for the table: '' or the
        reference). ``at`` is the pointer of the record's list."""
        if len(rows) <= capacity:
            return rows, ""
        number = self._continue(title, "\n".join(line(r) for r in rows[capacity:]), at)
        return rows[:capacity], f"其余 {len(rows) - capacity} 项续见附页 {number}"

    @property
    def overflow(self) -> tuple[str, ...]:
        """What the RenderedForm reports: which fields continue where."""
        return tuple(f"{c.title}：续见附页 {c.number}（{len(c.text)} 字）" for c in self.items)
