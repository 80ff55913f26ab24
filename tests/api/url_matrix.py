from tests.url_rows import ROLES, Row

ROWS = [
    # The OpenAPI description and its docs page are public (no data in them).
    Row("api:openapi-json", expect={r: 200 for r in ROLES}),
    Row("api:openapi-view", expect={r: 200 for r in ROLES}),
    Row("api:api-root", expect={r: 404 for r in ROLES}),
]
