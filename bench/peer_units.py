"""peer_units.py — the peer for `make bench`: the same filtered, paged unit list with its total,
served the way a typical Python web stack would (stdlib ThreadingHTTPServer + sqlite3, one
connection per thread, the same SQL and indexes), on the same database file."""
import json
import sqlite3
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

DB = sys.argv[1]
PORT = int(sys.argv[2])
local = threading.local()
COLS = ("id", "credit_code", "name", "sector", "dept", "region", "address", "lon", "lat",
        "size_class", "employees", "status", "version")


def conn():
    if not hasattr(local, "c"):
        local.c = sqlite3.connect(DB, check_same_thread=False)
    return local.c


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        q = parse_qs(urlparse(self.path).query)
        where, args = ["status='active'"], []
        region = q.get("region", [""])[0]
        if region:
            where.append("region >= ? AND region < ?")
            args += [region, region + "~"]
        sector = q.get("sector", [""])[0]
        if sector:
            where.append("sector = ?")
            args.append(sector)
        w = " WHERE " + " AND ".join(where)
        c = conn()
        total = c.execute("SELECT count(*) FROM units" + w, args).fetchone()[0]
        after = int(q.get("after", ["0"])[0] or 0)
        limit = int(q.get("limit", ["50"])[0])
        rows = c.execute("SELECT " + ",".join(COLS) + " FROM units" + w + " AND id > ?"
                         " ORDER BY id LIMIT ?", args + [after, limit + 1]).fetchall()
        items = [dict(zip(COLS, r)) for r in rows[:limit]]
        body = json.dumps({"items": items, "next": str(items[-1]["id"]) if len(rows) > limit
                           else None, "total": total}, ensure_ascii=False).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
