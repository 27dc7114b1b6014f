#!/usr/bin/env python3
# units_compare.py PORT_A PORT_B [TOP_ID] — the unit list (10 regions x 9 sectors x 5 `after` values, and
# status, size, rating, department and credit-code filters) and the overview by region and sector,
# asked of two servers on copies of the same data (each logged in as admin); prints how many of the
# 491 answers differ byte for byte. docs/PERFORMANCE.md uses it to show a change kept every answer.
import sys, urllib.request, json, http.cookiejar
def opener(port):
    cj = http.cookiejar.CookieJar()
    o = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cj))
    r = o.open(urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/session", data=json.dumps({"login":"admin","password":"admin123"}).encode(), headers={"Content-Type":"application/json"}))
    r.read()
    return o
a, b = int(sys.argv[1]), int(sys.argv[2])
top = int(sys.argv[3]) if len(sys.argv) > 3 else 73000
oa, ob = opener(a), opener(b)
regions = ["320583", "320505", "320509", "3205", "320583100", "320599", "", "32", "320506", "3205831"]
sectors = ["", "C10", "C", "E01", "H02", "G03", "C08", "F02", "ZZZ"]
afters = ["", "1000", "20000", "50000", str(top)]
qs = []
for r in regions:
    for s in sectors:
        for af in afters:
            qs.append(f"/api/v1/units?limit=20&region={r}&sector={s}&after={af}")
for r in ["", "320583", "3205"]:
    for extra in ["status=archived", "size_class=above", "rating=red", "rating=unassessed", "dept=AJJ", "q=91320583", "status=archived&sector=C10"]:
        qs.append(f"/api/v1/units?limit=20&region={r}&{extra}")
for r in ["", "320583", "3205", "320583100", "320599"]:
    for s in ["", "C10", "E01", "ZZZ"]:
        qs.append(f"/api/v1/stats/overview?region={r}&sector={s}")
diff = 0
for q in qs:
    x = oa.open(f"http://127.0.0.1:{a}{q}").read()
    y = ob.open(f"http://127.0.0.1:{b}{q}").read()
    if x != y:
        diff += 1
        if diff < 5: print("DIFF", q, x[:300], y[:300])
print(f"{len(qs)} queries, {diff} differ")
