"""The service's settings: one declared table, read from ``PAPERWORK_*`` environment variables.

Each :class:`Setting` names its environment variable, default and help text; ``Settings`` is
derived from the table (Datasette's ``SETTINGS``), so ``paperwork serve --help`` and
``docs/api.md`` can list the same rows.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields, make_dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str

    @property
    def env(self) -> str:
        return "PAPERWORK_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("data_dir", "./data", "数据目录：SQLite 数据库 paperwork.db、附件 files/（按 SHA-256 存放）"
                                  "与归档包签名私钥 package-signing-key.pem"),
    Setting("database_url", "", "数据库地址；为空时使用数据目录中的 SQLite（WAL 模式），"
                                "如 postgresql+psycopg://user@host/db 则使用 PostgreSQL"),
    Setting("broker_url", "", "Redis 地址，如 redis://127.0.0.1:6379/0：长任务交给 Celery（paperwork worker），"
                              "各服务进程的请求频率计数也放在 Redis；为空时长任务由 paperwork serve 内的进程池执行，"
                              "计数放在数据库"),
    Setting("admin_key", "", "管理员 API 密钥；为空时首次启动生成一个并打印一次"),
    Setting("max_request_bytes", 64 * 1024 * 1024, "单个请求体的最大字节数（超出返回 413）"),
    Setting("body_timeout_seconds", 60, "请求体须在多少秒内传完（超时返回 408）"),
    Setting("max_upload_bytes", 32 * 1024 * 1024, "单个上传文件（PDF、附件）的最大字节数"),
    Setting("max_record_bytes", 5 * 1024 * 1024, "单条记录 JSON 的最大字节数"),
    Setting("max_batch", 1000, "POST /validate 一次最多校验的记录条数"),
    Setting("rate_limit_per_minute", 600, "每个密钥每分钟最多请求数（超出返回 429）"),
    Setting("auth_failures_per_address", 20, "每个客户端地址在一个时间窗内最多几次无效密钥（API 与网页登录合计；超出后该地址的任何密钥都返回 429）"),
    Setting("auth_failure_window_seconds", 600, "统计无效密钥次数的时间窗（秒）"),
    Setting("lookup_failures_before_lock", 5, "CIP/ISBN 查询在计数时段内无效多少次后锁定密钥（有效查询不清零）"),
    Setting("lookup_failure_window_minutes", 60, "CIP/ISBN 无效查询的计数时段（分钟）：时段内的无效查询达到上限即锁定"),
    Setting("lock_minutes", 30, "因多次无效查询而锁定密钥的分钟数（锁定期间返回 423）"),
    Setting("pdf_timeout_seconds", 60, "单次 PDF 核对的最长秒数"),
    Setting("max_render_records_pdf", 2000, "汇总表一次生成 PDF 的最多记录条数（超出请改用 XLSX）"),
    Setting("max_render_records_xlsx", 10000, "汇总表一次生成 XLSX 的最多记录条数"),
    Setting("render_timeout_seconds", 120, "单次表格生成的最长秒数（超出返回 503，请减少记录条数）"),
    Setting("package_max_entries", 1000, "送来校验或导入的归档包最多含多少个文件（超出返回 413）"),
    Setting("package_max_entry_bytes", 64 * 1024 * 1024, "归档包中单个文件解压后的最大字节数（超出返回 413）"),
    Setting("package_max_total_bytes", 256 * 1024 * 1024, "归档包解压后的总字节数上限（超出返回 413）"),
    Setting("package_max_ratio", 100, "归档包中大于 1 MB 的文件的最大压缩比（解压后/压缩后，超出视为压缩炸弹，返回 413）"),
    Setting("job_processes", 2, "未配置任务队列时，paperwork serve 内执行长任务的进程数"),
    Setting("job_result_ttl_seconds", 86400, "长任务（Prefer: respond-async）的状态与结果保留的秒数，过后删除"),
    Setting("unsaved_upload_keep_days", 7, "预检时上传、尚未保存为提交的 PDF 保留的天数，过后删除（再保存时须重新上传）"),
    Setting("job_visibility_timeout_seconds", 0, "Redis 把未确认的任务交给其他 worker 前等待的秒数；"
                                                 "0 表示按最长任务时限加余量计算"),
    Setting("worker_max_memory_per_child_kb", 2_000_000, "paperwork worker 的子进程占用内存超过多少 KB 后，"
                                                         "做完当前任务即换新进程"),
    Setting("webhook_allow_hosts", "", "允许作为回调地址的非公网主机或网段（逗号分隔，如 127.0.0.1,10.0.0.0/8）；"
                                       "为空时回调地址须解析到公网地址"),
    Setting("webhook_timeout_seconds", 10.0, "一次回调（webhook）等待对方应答的最长秒数"),
    Setting("notify_backoff_base_seconds", 30.0, "通知投递失败后第一次重试前等待的秒数；此后每次加倍，最长 3 小时"),
    Setting("notify_retry_seconds", 86400, "通知投递失败后继续重试的时长（秒），过后标记为失败"),
    Setting("notify_poll_seconds", 2.0, "paperwork serve 检查待发通知的间隔秒数"),
    Setting("notify_lease_seconds", 60, "一次投递占用的最长秒数；进程在投递中退出时，过后由其他进程重试"),
    Setting("smtp_url", "", "发送通知邮件的 SMTP 服务器，如 smtp://127.0.0.1:25 或 smtps://user:pass@host:465；"
                            "为空时不发邮件（网页通知照常）"),
    Setting("smtp_from", "paperwork@localhost", "通知邮件的发件人地址"),
    Setting("public_url", "http://127.0.0.1:8000", "本服务对外的网址，邮件中的退订链接以它开头"),
    Setting("trusted_package_keys", "", "信任的其他安装的归档包签名公钥：各安装 GET /api/v1/packages/public-key "
                                        "公布的 public_key（base64），多个以逗号分隔"),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def _driver(url: str) -> str:
    """``postgresql://…`` (as libpq tools write it) → the installed psycopg 3 driver.

    >>> _driver("postgresql://paperwork@127.0.0.1/paperwork")
    'postgresql+psycopg://paperwork@127.0.0.1/paperwork'
    """
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url

Settings = make_dataclass(
    "Settings", [(s.name, type(s.default), s.default) for s in SETTINGS], frozen=True,
    namespace={
        "__doc__": "Resolved settings (one attribute per row of SETTINGS).",
        "data_path": property(lambda self: Path(self.data_dir)),
        "files_path": property(lambda self: Path(self.data_dir) / "files"),
        "db_url": property(lambda self: _driver(self.database_url)
                           or f"sqlite:///{(Path(self.data_dir) / 'paperwork.db').resolve()}"),
    },
)


class BadSetting(ValueError):
    pass


def from_env(environ: dict | None = None, **overrides) -> Settings:
    """Settings from ``PAPERWORK_*`` variables; keyword arguments win over the environment."""
    environ = os.environ if environ is None else environ
    values = {}
    for s in SETTINGS:
        raw = overrides.get(s.name, environ.get(s.env))
        if raw is None or raw == "":
            continue
        if isinstance(s.default, int) and not isinstance(raw, int):
            try:
                raw = int(raw)
            except ValueError:
                raise BadSetting(f"{s.env} 应为整数，收到“{raw}”") from None
        if isinstance(s.default, float) and not isinstance(raw, (int, float)):
            try:
                raw = float(raw)
            except ValueError:
                raise BadSetting(f"{s.env} 应为数字（秒），收到“{raw}”") from None
        values[s.name] = raw
    return Settings(**values)


def describe() -> list[dict]:
    """The table as rows, for help texts and docs."""
    return [{"env": s.env, "default": s.default, "help": s.help} for s in SETTINGS]


assert {f.name for f in fields(Settings)} == set(_BY_NAME)
