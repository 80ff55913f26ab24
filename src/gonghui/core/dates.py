"""Reading the dates clerks type, and half-open periods."""

import datetime as dt
import re
from dataclasses import dataclass

_FULLWIDTH = str.maketrans("０１２３４５６７８９．／－", "0123456789./-")
_SEPARATED = re.compile(r"^(\d{4})\s*[./\-年]\s*(\d{1,2})\s*[./\-月]\s*(\d{1,2})\s*日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


class DateError(ValueError):
    pass


def parse_date(raw, *, today: dt.date | None = None, allow_future: bool = False) -> dt.date:
    """2019.3.5, 2019/03/05, 2019-3-5, 2019年3月5日, 20190305, date cells, Excel serials."""
    if isinstance(raw, dt.datetime):
        value = raw.date()
    elif isinstance(raw, dt.date):
        value = raw
    elif isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if 20000000 <= raw <= 21001231 and float(raw).is_integer():
            return parse_date(str(int(raw)), today=today, allow_future=allow_future)
        if not 1 <= raw < 2958466:
            raise DateError(f"日期 {raw} 无法识别")
        value = _EXCEL_EPOCH + dt.timedelta(days=int(raw))
    else:
        text = str(raw).translate(_FULLWIDTH).strip()
        if not text:
            raise DateError("日期为空")
        text = text.split(" ")[0] if re.match(r"^\d{4}-\d{2}-\d{2} \d", text) else text
        match = _SEPARATED.match(text) or _COMPACT.match(text)
        if not match:
            raise DateError(f"日期“{raw}”无法识别，请写成 2019-03-05 或 2019年3月5日")
        year, month, day = (int(g) for g in match.groups())
        try:
            value = dt.date(year, month, day)
        except ValueError:
            raise DateError(f"日期“{raw}”不存在（{year}年{month}月{day}日）") from None
    if value.year < 1900:
        raise DateError(f"日期“{raw}”早于 1900 年")
    today = today or dt.date.today()
    if not allow_future and value > today:
        raise DateError(f"日期“{raw}”在今天之后")
    return value


@dataclass(frozen=True)
class Period:
    """A half-open range of dates: start <= d < end."""

    start: dt.date
    end: dt.date

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day < self.end

    @classmethod
    def inclusive(cls, first: dt.date, last: dt.date) -> "Period":
        return cls(first, last + dt.timedelta(days=1))

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(dt.date(year, 1, 1), dt.date(year + 1, 1, 1))

    @classmethod
    def half(cls, year: int, half: int) -> "Period":
        if half == 1:
            return cls(dt.date(year, 1, 1), dt.date(year, 7, 1))
        return cls(dt.date(year, 7, 1), dt.date(year + 1, 1, 1))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> "Period":
        start = dt.date(year, 3 * quarter - 2, 1)
        end = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
        return cls(start, end)

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    def shifted_years(self, years: int) -> "Period":
        def shift(day: dt.date) -> dt.date:
            try:
                return day.replace(year=day.year + years)
            except ValueError:  # 29 February
                return day.replace(year=day.year + years, day=28)

        return Period(shift(self.start), shift(self.end))

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d} 至 {self.last_day:%Y-%m-%d}"


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    import calendar

    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
