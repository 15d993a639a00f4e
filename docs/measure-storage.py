#!/usr/bin/env python3
"""Bytes per row (with indexes) of Keepwell's D1 tables, measured on SQLite (which D1 is) with dbstat.

Run: python3 docs/measure-storage.py   (uses drizzle/migrations/*.sql; writes a temp database)
"""
import glob, json, os, random, sqlite3, tempfile

path = os.path.join(tempfile.mkdtemp(), "capacity.db")
db = sqlite3.connect(path)
for f in sorted(glob.glob(os.path.join(os.path.dirname(__file__), "..", "drizzle", "migrations", "*.sql"))):
    db.executescript(open(f).read().replace("--> statement-breakpoint", ""))

random.seed(1)
N, ACCOUNTS, USERS, FEATURES, DAYS = 200_000, 2_000, 10, 40, 30
props = json.dumps({"module": "reports", "durationMs": 12000, "plan": "pro", "path": "/reports/weekly"})
t0 = 1_790_000_000_000
db.executemany(
    "INSERT INTO events (source_id,message_id,type,name,user_id,anonymous_id,account_id,feature_id,ts,day,"
    "received_at,duration_ms,properties,batch_token) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    (
        ("7190b01f-1bfe-4dbd-ad73-22a59ddb0641", "ajs-next-%032x" % random.getrandbits(128), "track",
         "Report Exported Weekly", a * USERS + random.randrange(USERS), None, a, random.randrange(FEATURES),
         t0 + i * 400, "2026-11-%02d" % (1 + i * DAYS // N), t0 + i * 400 + 50, 12000, props, None)
        for i in range(N) for a in [random.randrange(ACCOUNTS)]
    ),
)
days = ["2026-11-%02d" % d for d in range(1, DAYS + 1)]
db.executemany("INSERT INTO account_days VALUES (?,?,?,?,?,?)", ((a, d, 100, 8, 600000, 12) for a in range(ACCOUNTS) for d in days))
db.executemany("INSERT INTO account_feature_days VALUES (?,?,?,?,?,?)",
               ((a, f, d, 10, 3, 60000) for a in range(ACCOUNTS) for d in days for f in range(12)))
db.executemany("INSERT INTO user_days VALUES (?,?,?,?,?)",
               ((a, d, a * USERS + u, 12, 60000) for a in range(ACCOUNTS) for d in days for u in range(8)))
db.commit()

for table in ["events", "account_days", "account_feature_days", "user_days"]:
    rows = db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    names = [n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE tbl_name = ? AND type IN ('table','index')", (table,))]
    size = sum(db.execute("SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name = ?", (n,)).fetchone()[0] for n in names)
    print(f"{table:22} {rows:>8} rows  {size / rows:6.0f} bytes/row including indexes")
