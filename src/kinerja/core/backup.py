"""A whole installation in one archive, and back: ``kinerja backup`` / ``kinerja restore``.

The archive is a ``.tar.gz`` with

- ``data.jsonl``: every row of every table (units, plans, realizations, budgets, the
  survey, users with their password hashes, memberships, workflow history, the audit
  trail, final reports …), one JSON object a line, written by Django's serializer with
  natural keys for content types and permissions (their ids differ between databases);
- ``files/<name>``: every file of the file storage (evidence, final report files, pending
  uploads), under its storage name;
- ``manifest.json`` (last): the format, when and by which version the archive was made,
  the migrations applied, and the size and SHA-256 of ``data.jsonl`` and of every file.

``restore`` reads the manifest, checks every checksum before it writes anything, refuses
a database or a storage that is not empty (unless ``force``: then both are emptied
first), writes the files, then loads the rows in one transaction (the files are deleted
again if the rows fail, core/storage.py), and finally reads every file back from the
storage and compares its checksum. Rows are loaded as raw saves: nothing is added to the
audit trail, whose own rows are restored as they were.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

from kinerja.core import storage

FORMAT = "kinerja-backup"
FORMAT_VERSION = 1
DATA = "data.jsonl"
MANIFEST = "manifest.json"
FILES = "files/"
# Made again by `migrate` in every database (with other ids); rows point at them by
# natural key. Sessions are not worth keeping: a restore signs everyone out.
NOT_BACKED_UP = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
CHUNK = 2**20


class BackupError(Exception):
    """Why an archive cannot be made or restored, for the operator."""


@dataclass
class Summary:
    objects: int
    files: int
    bytes: int


def _models():
    return [
        model
        for model in apps.get_models()
        if model._meta.label_lower not in NOT_BACKED_UP
        and not model._meta.proxy
        and model._meta.managed
    ]


class _ExactEncoder(DjangoJSONEncoder):
    """Django's encoder with times to the microsecond (it keeps milliseconds only)."""

    def default(self, o):
        if isinstance(o, dt.datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, dt.time):
            return o.isoformat()
        return super().default(o)


def _dump(path: Path, using) -> None:
    """Every row of every backed-up model, parents before children, by primary key."""
    by_app: dict = {}
    for model in _models():
        by_app.setdefault(model._meta.app_config, []).append(model)
    ordered = serializers.sort_dependencies(list(by_app.items()), allow_cycles=True)

    def rows():
        for model in ordered:
            yield from (
                model._base_manager.using(using)
                .order_by(model._meta.pk.name)
                .iterator(chunk_size=2000)
            )

    with path.open("w", encoding="utf-8") as stream:
        jsonl.Serializer().serialize(
            rows(), stream=stream, use_natural_foreign_keys=True, cls=_ExactEncoder
        )


def applied_migrations(using=DEFAULT_DB_ALIAS) -> list[str]:
    recorder = MigrationRecorder(connections[using])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _stored_files() -> list[str]:
    return [n for n in storage.walk() if not n.startswith(storage.PROBE_PREFIX + "/")]


# -- backup -------------------------------------------------------------------------------
def backup(target: Path, using=DEFAULT_DB_ALIAS, progress=None) -> Summary:
    """Write the database and the file storage to ``target`` (a .tar.gz)."""
    target = Path(target)
    with tempfile.TemporaryDirectory(prefix="kinerja-backup-") as tmp:
        data = Path(tmp) / DATA
        # One transaction at REPEATABLE READ would be the ideal snapshot; dumpdata reads
        # table by table, so writes during a backup may land in one table and not its
        # neighbour: run it while the service is stopped or quiet (docs/deploy.md).
        _dump(data, using)
        with data.open("rb") as handle:
            objects = sum(1 for line in handle if line.strip())
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "kinerja_version": _version(),
            "migrations": applied_migrations(using),
            "data": {
                "name": DATA,
                "objects": objects,
                "size": data.stat().st_size,
                "sha256": _sha256_file(data),
            },
            "files": [],
        }
        partial = target.with_name(target.name + ".partial")
        total = 0
        try:
            with tarfile.open(partial, "w:gz") as archive:
                archive.add(data, arcname=DATA)
                for name in _stored_files():
                    entry = _add_stored_file(archive, name, Path(tmp))
                    manifest["files"].append(entry)
                    total += entry["size"]
                    if progress:
                        progress(name)
                payload = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(payload)
                info.mtime = int(dt.datetime.now().timestamp())
                archive.addfile(info, io.BytesIO(payload))
            partial.replace(target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return Summary(objects, len(manifest["files"]), total)


def _add_stored_file(archive: tarfile.TarFile, name: str, tmp: Path) -> dict:
    """Copy one stored file into the archive through a local temporary copy (size and
    checksum known before the tar header is written, whatever the storage)."""
    copy = tmp / "file.tmp"
    digest = hashlib.sha256()
    try:
        with default_storage.open(name, "rb") as source, copy.open("wb") as out:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
    except Exception as exc:
        raise BackupError(
            _("%(name)s tidak dapat dibaca dari %(storage)s: %(error)s")
            % {"name": name, "storage": storage.describe(), "error": exc}
        ) from exc
    archive.add(copy, arcname=FILES + name)
    size = copy.stat().st_size
    copy.unlink()
    return {"name": name, "size": size, "sha256": digest.hexdigest()}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kinerja")
    except PackageNotFoundError:
        return "unknown"


# -- restore ------------------------------------------------------------------------------
def non_empty_tables(using=DEFAULT_DB_ALIAS) -> list[str]:
    """The tables of backed-up models that hold rows."""
    return [
        model._meta.db_table
        for model in _models()
        if router.allow_migrate_model(using, model) and model._base_manager.using(using).exists()
    ]


def read_manifest(source: Path) -> dict:
    try:
        with tarfile.open(source, "r:gz") as archive:
            member = archive.getmember(MANIFEST)
            manifest = json.load(archive.extractfile(member))
    except FileNotFoundError:
        raise BackupError(_("%(file)s: berkas ini tidak ada") % {"file": source}) from None
    except (tarfile.TarError, KeyError, OSError, json.JSONDecodeError) as exc:
        raise BackupError(
            _("%(file)s: bukan cadangan kinerja (%(error)s)") % {"file": source, "error": exc}
        ) from exc
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            _("%(file)s: bukan cadangan kinerja format %(version)s")
            % {"file": source, "version": FORMAT_VERSION}
        )
    return manifest


def _safe_member(name: str) -> bool:
    parts = Path(name).parts
    return bool(parts) and not Path(name).is_absolute() and ".." not in parts


def restore(source: Path, *, force: bool = False, using=DEFAULT_DB_ALIAS) -> Summary:
    """Restore an archive made by ``backup`` into this (migrated) database and storage."""
    source = Path(source)
    manifest = read_manifest(source)
    here = applied_migrations(using)
    if manifest["migrations"] != here:
        missing = sorted(set(manifest["migrations"]) - set(here))
        extra = sorted(set(here) - set(manifest["migrations"]))
        parts = []
        if missing:
            parts.append(
                _("migrasi yang belum diterapkan di sini: %(names)s")
                % {"names": ", ".join(missing[:5])}
            )
        if extra:
            parts.append(
                _("migrasi yang tidak ada dalam arsip: %(names)s") % {"names": ", ".join(extra[:5])}
            )
        raise BackupError(
            _(
                "arsip dibuat pada skema lain: %(parts)s; pulihkan dengan versi kinerja yang "
                "membuatnya (migrasi yang sama), lalu tingkatkan"
            )
            % {"parts": "; ".join(parts)}
        )
    tables, files = non_empty_tables(using), _stored_files()
    if (tables or files) and not force:
        what = []
        if tables:
            shown = ", ".join(tables[:5]) + (" …" if len(tables) > 5 else "")
            what.append(
                _("basis data berisi baris di %(count)s tabel (%(shown)s)")
                % {"count": len(tables), "shown": shown}
            )
        if files:
            what.append(
                _("%(storage)s menyimpan %(count)s berkas")
                % {"storage": storage.describe(), "count": len(files)}
            )
        raise BackupError(
            _(
                "pemulihan memerlukan basis data dan penyimpanan yang kosong: %(what)s. "
                "Pulihkan ke basis data dan penyimpanan baru, atau berikan --force untuk "
                "menghapus semua isinya lebih dahulu"
            )
            % {"what": _(" dan ").join(what)}
        )
    with tempfile.TemporaryDirectory(prefix="kinerja-restore-") as tmp:
        folder = Path(tmp)
        _extract_and_verify(source, manifest, folder)
        if force:
            call_command("flush", interactive=False, database=using, verbosity=0)
            for name in files:
                default_storage.delete(name)
        with storage.files_then_rows(using) as written:
            for entry in manifest["files"]:
                with (folder / FILES / entry["name"]).open("rb") as handle:
                    name = written.save(entry["name"], File(handle))
                if name != entry["name"]:
                    raise BackupError(
                        _("%(name)s tersimpan sebagai %(stored)s")
                        % {"name": entry["name"], "stored": name}
                    )
            _load(folder / DATA, using)
            # Raw saves raise no input versions: the consolidation's stored summaries
            # (measurement/summaries.py) are all made out of date, in the same transaction.
            from kinerja.measurement.summaries import invalidate_all

            invalidate_all(using)
    _verify_stored(manifest)
    return Summary(
        manifest["data"]["objects"],
        len(manifest["files"]),
        sum(e["size"] for e in manifest["files"]),
    )


def _extract_and_verify(source: Path, manifest: dict, folder: Path) -> None:
    expected = {DATA: manifest["data"]} | {FILES + e["name"]: e for e in manifest["files"]}
    seen = set()
    with tarfile.open(source, "r:gz") as archive:
        for member in archive:
            if member.name == MANIFEST:
                continue
            if member.name not in expected or not member.isfile() or not _safe_member(member.name):
                raise BackupError(
                    _("%(file)s: entri yang tidak terduga %(entry)s")
                    % {"file": source, "entry": repr(member.name)}
                )
            target = folder / member.name
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as data, target.open("wb") as out:
                shutil.copyfileobj(data, out, CHUNK)
            seen.add(member.name)
    for name, entry in expected.items():
        if name not in seen:
            raise BackupError(
                _("%(file)s: %(name)s tercantum di manifes tetapi tidak ada")
                % {"file": source, "name": name}
            )
        actual = _sha256_file(folder / name)
        if actual != entry["sha256"]:
            raise BackupError(
                _(
                    "%(file)s: %(name)s rusak (SHA-256 %(actual)s, manifes %(expected)s); "
                    "tidak ada yang dipulihkan"
                )
                % {"file": source, "name": name, "actual": actual, "expected": entry["sha256"]}
            )


def _load(data: Path, using) -> None:
    """Every row as it was (raw saves: no audit rows, no timestamps renewed), then the
    sequences past the restored ids."""
    connection = connections[using]
    with data.open(encoding="utf-8") as handle:
        objects = serializers.deserialize(
            "jsonl", handle, using=using, handle_forward_references=True
        )
        with connection.constraint_checks_disabled():
            deferred, models = [], set()
            for obj in objects:
                models.add(type(obj.object))
                # Every restored table is empty (checked above, or flushed by --force), so
                # each row is inserted at once: a plain raw save would first try an UPDATE
                # of the row, one more query per row.
                obj.save(using=using, force_insert=True)
                if obj.deferred_fields:
                    deferred.append(obj)
            for obj in deferred:
                obj.save_deferred_fields(using=using)
        connection.check_constraints(table_names=[m._meta.db_table for m in models])
    sql = connection.ops.sequence_reset_sql(_no_style(), list(models))
    if sql:
        with connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)


def _no_style():
    from django.core.management.color import no_style

    return no_style()


def _verify_stored(manifest: dict) -> None:
    for entry in manifest["files"]:
        digest = hashlib.sha256(storage.read(entry["name"])).hexdigest()
        if digest != entry["sha256"]:
            raise BackupError(
                _("%(name)s: salinan yang tersimpan tidak sama dengan arsip (%(digest)s)")
                % {"name": entry["name"], "digest": digest}
            )
