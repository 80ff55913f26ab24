"""One settings module, configured by GONGHUI_* environment variables."""

import os
from pathlib import Path

import dj_database_url
from xstatic.pkg import bootstrap as xstatic_bootstrap

SRC_DIR = Path(__file__).resolve().parent
BASE_DIR = SRC_DIR.parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(f"GONGHUI_{name}", default)


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(f"GONGHUI_{name}", default))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(f"GONGHUI_{name}")
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DATA_DIR = Path(env_str("DATA_DIR", str(BASE_DIR / "data"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    # A per-installation key kept in the data folder, so a fresh clone needs no setup.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        import secrets

        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    SECRET_KEY = key_file.read_text().strip()

ALLOWED_HOSTS = [
    h for h in env_str("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [o for o in env_str("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "treebeard",
    "gonghui.core",
    "gonghui.orgs",
    "gonghui.accounts",
    "gonghui.members",
    "gonghui.assistance",
    "gonghui.bargaining",
    "gonghui.competitions",
    "gonghui.honors",
    "gonghui.activities",
    "gonghui.reports",
    "gonghui.api",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gonghui.accounts.middleware.SecurityPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "gonghui.urls"
WSGI_APPLICATION = "gonghui.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gonghui.orgs.context_processors.placement",
            ],
        },
    }
]

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'gonghui.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while an import writes; IMMEDIATE avoids lock upgrades.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA busy_timeout=10000; PRAGMA cache_size=-64000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"] = {"NAME": None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "gonghui",
    }
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
# Our catalogue fills the few strings Django's zh_Hans one lacks (src/gonghui/locale).
LOCALE_PATHS = [SRC_DIR / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [
    # Bootstrap from the xstatic-bootstrap package: no CDN on a government intranet.
    ("bootstrap", xstatic_bootstrap.BASE_DIR),
    # The project's own styles (gonghui/site.css): the package itself is not an app.
    SRC_DIR / "static",
]
# Apache ECharts from npm (package-lock.json pins it; `make install` runs `npm ci` when npm exists).
ECHARTS_DIR = BASE_DIR / "node_modules" / "echarts" / "dist"
if ECHARTS_DIR.is_dir():
    STATICFILES_DIRS.append(("echarts", ECHARTS_DIR))
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
# Uploaded spreadsheets waiting for the user to commit or cancel (core.import_jobs); not served.
IMPORT_DIR = Path(env_str("IMPORT_DIR", str(DATA_DIR / "imports")))
IMPORT_INLINE_MAX_BYTES = env_int("IMPORT_INLINE_MAX_BYTES", 1_000_000)
# Where `gonghui backup` writes its archives by default (and `--keep N` prunes old ones).
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(DATA_DIR / "backups")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Security baseline (RULES.md §9, 等保2.0): the numbers are settings, not constants.
PASSWORD_MIN_LENGTH = env_int("PASSWORD_MIN_LENGTH", 8)
PASSWORD_MIN_CLASSES = env_int("PASSWORD_MIN_CLASSES", 3)
PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 90)
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15)
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = 12 * 3600
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "gonghui.accounts.validators.ComplexityValidator"},
]

# Roles that may see full ID numbers (every display is audited).
UNMASK_ROLES = [r for r in env_str("UNMASK_ROLES", "staff,chair").split(",") if r]

MEMBERS_PAGE_SIZE = env_int("MEMBERS_PAGE_SIZE", 50)

# Bargaining and union-building rates: what each denominator means is documented in
# gonghui/bargaining/conf.py (RULES.md §5, §6 give no single national formula).
BARGAINING_COVERAGE_BASE = env_str("BARGAINING_COVERAGE_BASE", "all")
BARGAINING_ESTABLISHMENT_BASE = env_str("BARGAINING_ESTABLISHMENT_BASE", "unionised")
BARGAINING_REVIEW_BASE = env_str("BARGAINING_REVIEW_BASE", "agreements")
BARGAINING_EXPIRY_WARNING_MONTHS = env_int("BARGAINING_EXPIRY_WARNING_MONTHS", 3)
BARGAINING_TERM_WARNING_MONTHS = env_int("BARGAINING_TERM_WARNING_MONTHS", 6)
UNIONISE_THRESHOLD = env_int("UNIONISE_THRESHOLD", 25)

# 劳模 (RULES.md §1, §7): remind this many months before the statutory retirement month; monthly
# 荣誉津贴 in yuan per level (local amounts; only the highest tier is paid).
HONORS_REMINDER_MONTHS = env_int("HONORS_REMINDER_MONTHS", 6)
HONORS_ALLOWANCE = {
    level: amount
    for level, amount in (
        item.split("=")
        for item in env_str("HONORS_ALLOWANCE", "national=150,provincial=120,city=80").split(",")
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
