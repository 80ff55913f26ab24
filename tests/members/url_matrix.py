from tests.url_rows import Row, everyone

ROWS = [
    Row("members:list", expect=everyone()),
]
