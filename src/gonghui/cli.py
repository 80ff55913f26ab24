"""The `gonghui` console command: Django management commands with the project's settings.

gonghui demo [--no-serve]        set up the SQLite database, load demo data, serve
gonghui serve                    serve on http://127.0.0.1:8000
gonghui import LEDGER FILE ...   check (and with --commit write) a spreadsheet
gonghui export LEDGER -o FILE    write a ledger to .xlsx
gonghui figures LEDGER ...       print a ledger's figures
gonghui token create USERNAME    create an API token
gonghui backup [-o FILE]         write the database and uploads to one .tar.gz
gonghui restore FILE [--yes]     check an archive, then replace the database and uploads
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        args = ["help", "--commands"]
        print(__doc__)
    execute_from_command_line(["gonghui", *args])


if __name__ == "__main__":
    main()
