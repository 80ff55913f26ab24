"""`gonghui demo`: migrate, load the demo county (once), print the logins, serve.

    gonghui demo               everything, then serve on http://127.0.0.1:8000/
    gonghui demo --no-serve    everything but the serving
    gonghui demo --reset       empty the database first and load the demo data again

The data set is described in gonghui.core.demo; each app adds its part in its own demo.py.
"""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from gonghui.accounts.demo import existing_logins
from gonghui.core.demo import PASSWORD, demo_present, load_demo

from .serve import serve


def print_logins(stdout, logins) -> None:
    stdout.write("")
    stdout.write(f"演示账号（密码均为 {PASSWORD}）：")
    width = max(len(login.username) for login in logins)
    for login in logins:
        note = f"  {login.note}" if login.note else ""
        stdout.write(
            f"  {login.username.ljust(width)}  {login.password}  {login.role}  {login.place}{note}"
        )
    stdout.write("")


class Command(BaseCommand):
    help = "建库、加载演示数据（示范县：太华镇等）、打印演示账号并启动网站"

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="只建库和加载数据，不启动网站")
        parser.add_argument(
            "--reset", action="store_true", help="先清空整个数据库，再重新加载演示数据"
        )
        parser.add_argument("--members", type=int, default=3000, help="演示会员人数，默认 3000")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, no_serve, reset, members, host, port, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("数据库已就绪。")
        if reset:
            call_command("flush", interactive=False, verbosity=0)
            self.stdout.write("已清空数据库。")
        if demo_present():
            self.stdout.write("演示数据已存在，不再重复加载（要重新生成请加 --reset）。")
            logins = existing_logins()
        else:
            started = time.monotonic()
            context = load_demo(members=members)
            for note in context.notes:
                self.stdout.write(f"  {note}")
            self.stdout.write(f"演示数据加载完成，用时 {time.monotonic() - started:.1f} 秒。")
            logins = context.logins
        print_logins(self.stdout, logins)
        if not no_serve:
            serve(self.stdout, host=host, port=port)
