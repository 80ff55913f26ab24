"""Password strength per RULES.md §9: length and character classes are settings."""

import string

from django.conf import settings
from django.core.exceptions import ValidationError


def character_classes(password: str) -> int:
    return sum(
        [
            any(c in string.ascii_lowercase for c in password),
            any(c in string.ascii_uppercase for c in password),
            any(c in string.digits for c in password),
            any(not c.isalnum() for c in password),
        ]
    )


class ComplexityValidator:
    def validate(self, password, user=None):
        if len(password) < settings.PASSWORD_MIN_LENGTH:
            raise ValidationError(
                f"密码至少需要 {settings.PASSWORD_MIN_LENGTH} 个字符", code="password_too_short"
            )
        if character_classes(password) < settings.PASSWORD_MIN_CLASSES:
            raise ValidationError(
                f"密码须包含大写字母、小写字母、数字、符号中的至少 {settings.PASSWORD_MIN_CLASSES} 类",
                code="password_too_simple",
            )

    def get_help_text(self):
        return (
            f"至少 {settings.PASSWORD_MIN_LENGTH} 个字符，包含大写字母、小写字母、数字、符号中的至少 "
            f"{settings.PASSWORD_MIN_CLASSES} 类"
        )
