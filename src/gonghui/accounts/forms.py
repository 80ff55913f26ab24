from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。连续失败多次后账号将被暂时锁定。",
        "inactive": "该账号已停用。",
    }


class TokenForm(forms.Form):
    name = forms.CharField(label="用途", max_length=100, help_text="例如：人事系统同步")
