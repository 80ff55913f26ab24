from gonghui.core import creditcode


def test_rules_examples_pass_both_checks():
    for code in ("91320102MA1T8K3W40", "81320102MC2Q5N7P0R"):
        assert creditcode.problems(code) == []
        assert creditcode.org_code_warning(code) is None


def test_wrong_check_character_is_reported():
    problems = creditcode.problems("91320102MA1T8K3W41")
    assert problems and "应为 0" in problems[0]


def test_forbidden_letters_and_length():
    assert "I" in creditcode.problems("91320102MA1T8K3WI0")[0]
    assert "18 位" in creditcode.problems("9132010")[0]


def test_normalises_lowercase_and_spaces():
    assert creditcode.problems(" 91320102ma1t8k3w40 ") == []
