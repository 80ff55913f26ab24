from tests.url_rows import ROLES, Row, everyone


def _token_of_clerk(w):
    from gonghui.accounts.models import ApiToken

    token, _ = ApiToken.issue(user=w.clerk, name="同步")
    return {"pk": token.pk}


ROWS = [
    Row("accounts:login", expect={r: 200 for r in ROLES}),
    Row("accounts:logout", method="post", expect={r: 302 for r in ROLES}),
    Row("accounts:password_change", expect=everyone()),
    Row("accounts:profile", expect=everyone()),
    # A token can only be revoked by its owner: everyone else gets 404.
    Row(
        "accounts:token_revoke",
        method="post",
        kwargs=_token_of_clerk,
        expect={
            "anonymous": "login",
            "chair_b": 404,
            "viewer": 404,
            "approver": 404,
            "chair_a": 404,
            "clerk": 302,
        },
    ),
]
