"""``paperwork worker``: a Celery worker for the long operations sent with
``Prefer: respond-async`` (service/ops/celery_app.py), on the broker of ``PAPERWORK_BROKER_URL``
and the store of ``PAPERWORK_DATABASE_URL`` (the same settings as ``paperwork serve``)."""
from __future__ import annotations

import os

import typer

from service.cli_app import EXIT_UNUSABLE, app, err, settings_or_exit


@app.command("worker", help="启动任务 worker（Celery，prefork 子进程）：执行以 Prefer: respond-async 提交的"
                            "表格生成、PDF 核对、归档包导出和报表。需要 PAPERWORK_BROKER_URL（redis://…），"
                            "数据库与 paperwork serve 相同。")
def worker(concurrency: int = typer.Option(0, "--concurrency", help="子进程数（默认：CPU 核数）"),
           loglevel: str = typer.Option("INFO", "--loglevel", help="日志级别")):
    from service.ops import celery_app
    settings = settings_or_exit()
    if not settings.broker_url:
        err.print("[red]未设置 PAPERWORK_BROKER_URL：worker 需要任务队列（如 redis://127.0.0.1:6379/0）；"
                  "不设置时长任务由 paperwork serve 自己的进程池执行，无需 worker[/red]")
        raise typer.Exit(EXIT_UNUSABLE)
    celery = celery_app.make(settings)
    argv = ["worker", "--pool", "prefork", "--loglevel", loglevel,
            "--concurrency", str(concurrency or os.cpu_count() or 1), "--without-gossip", "--without-mingle"]
    celery.worker_main(argv)
