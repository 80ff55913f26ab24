from tests.url_rows import Row, everyone

ROWS = [
    Row("home", expect={**everyone(302), "anonymous": 302}),
    Row("orgs:tree", expect=everyone()),
]
