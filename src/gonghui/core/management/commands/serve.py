"""`gonghui serve`: apply migrations, then serve the site.

It serves with Django's own threaded server and its static-file handler (`runserver --insecure
--noreload`), which is enough for a demo or a small office on one machine. A larger installation
puts a WSGI server (gunicorn, uWSGI) and a web server for /static/ in front of gonghui.wsgi.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


def serve(stdout, *, host: str, port: int) -> None:
    if host not in settings.ALLOWED_HOSTS and host not in ("0.0.0.0", "::"):
        stdout.write(f"注意：{host} 不在 GONGHUI_ALLOWED_HOSTS 中，浏览器访问会被拒绝。")
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    stdout.write(f"在 http://{shown}:{port}/ 提供服务，按 Ctrl+C 停止。")
    call_command(
        "runserver",
        f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        use_reloader=False,
        insecure_serving=True,
    )


class Command(BaseCommand):
    help = "应用数据库迁移后启动网站（默认 http://127.0.0.1:8000/）"

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="监听地址，默认 127.0.0.1")
        parser.add_argument("--port", type=int, default=8000, help="端口，默认 8000")

    def handle(self, *args, host, port, **options):
        call_command("migrate", interactive=False, verbosity=0)
        serve(self.stdout, host=host, port=port)
