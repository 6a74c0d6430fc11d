#!/usr/bin/env python3
"""Benchmark inputs: realistic ConfigureDtsJob requests.

  gen.py DIR     write into DIR (created):
                   1k-object.json,  1k-string.json      about 1 KB
                   100k-object.json, 100k-string.json   about 100 KB
                   1m-object.json,  1m-string.json      about 1 MB
                   10m-object.json, 10m-string.json     about 10 MB
                   small/0000.json .. small/0999.json   1,000 requests of about 2 KB

"object" requests carry DbList as a nested object, pretty-printed as a
person edits it; "string" requests carry it as a JSON string, the wire
form, on one line.  A DbList has many databases, some migrated whole and
some table by table, with renamed tables and columns, row filters and
DML/DDL selections.  The requests are clean (dtslint finds no error in
them), so the benchmarks measure the path every commit takes.

Deterministic: a fixed seed per file, so every run writes the same bytes.
"""
import json
import os
import random
import sys

WORDS = ['order', 'customer', 'invoice', 'payment', 'shipment', 'product', 'stock', 'refund',
         'coupon', 'review', 'address', 'account', 'session', 'audit', 'ledger', 'price']
COLUMNS = ['id', 'created_at', 'updated_at', 'status', 'amount', 'currency', 'user_id',
           'remark', 'region', 'version']


def table_entry(rng, name):
    t = {'name': name + ('_v2' if rng.random() < 0.5 else ''), 'all': rng.random() < 0.4}
    if not t['all'] or rng.random() < 0.3:
        t['filter'] = "%s > %d and status = 'paid'" % (rng.choice(COLUMNS), rng.randrange(100000))
    if not t['all']:
        cols = rng.sample(COLUMNS, rng.randrange(2, 6))
        t['column'] = {c: {'name': c if rng.random() < 0.7 else 'dst_' + c} for c in cols}
    if rng.random() < 0.2:
        t['dml_op'] = 'insert,update'
    return t


def database_entry(rng, index, max_tables):
    name = '%s_db_%04d' % (rng.choice(WORDS), index)
    if rng.random() < 0.15:
        return name, {'name': name, 'all': True}
    tables = {}
    for k in range(rng.randrange(1, max_tables + 1)):
        tname = '%s_%03d' % (rng.choice(WORDS), k)
        tables[tname] = table_entry(rng, tname)
    db = {'name': name + ('_copy' if rng.random() < 0.3 else ''), 'all': False, 'Table': tables}
    if rng.random() < 0.2:
        db['ddl_op'] = 'CreateTable,AlterTable'
    return name, db


def db_list(rng, target, max_tables):
    """Databases are added until the compact DbList text reaches target;
    for a small target, a database that would overshoot is drawn again
    (ten tries), so that a 1 KB request is met too."""
    dbs = {}
    size = 2
    i = 0
    while size < target:
        candidates = [database_entry(rng, i, max_tables) for _ in range(10 if target < 10000 else 1)]
        sized = [(len(json.dumps({n: d}, separators=(',', ':'))), n, d) for n, d in candidates]
        fitting = [c for c in sized if size + c[0] <= target * 1.02]
        if not fitting and dbs:
            break
        piece, name, db = fitting[0] if fitting else min(sized, key=lambda c: c[0])
        dbs[name] = db
        size += piece
        i += 1
    return dbs


def request(rng, dbl, form):
    src = rng.choice(['RDS', 'ECS', 'EXPRESS'])
    r = {
        'Action': 'ConfigureDtsJob',
        'RegionId': 'cn-hangzhou',
        'DtsJobName': 'orders_sync_%d' % rng.randrange(1000),
        'JobType': rng.choice(['MIGRATION', 'SYNC']),
        'SourceEndpointInstanceType': src,
        'SourceEndpointEngineName': 'MYSQL',
        'SourceEndpointRegion': 'cn-hangzhou',
        'SourceEndpointUserName': 'dtstest',
        'SourceEndpointPassword': '********',
        'DestinationEndpointInstanceType': 'RDS',
        'DestinationEndpointInstanceID': 'rm-bp1072qxu5q3h%04d' % rng.randrange(10000),
        'DestinationEndpointEngineName': 'MYSQL',
        'DestinationEndpointRegion': 'cn-hangzhou',
        'DestinationEndpointUserName': 'dtstest',
        'DestinationEndpointPassword': '********',
        'StructureInitialization': True,
        'DataInitialization': True,
        'DataSynchronization': rng.random() < 0.5,
    }
    if src == 'RDS':
        r['SourceEndpointInstanceID'] = 'rm-bp1imrtn6fq7h%04d' % rng.randrange(10000)
    elif src == 'ECS':
        r['SourceEndpointInstanceID'] = 'i-bp1234567890%04d' % rng.randrange(10000)
        r['SourceEndpointPort'] = '3306'
    else:
        r['SourceEndpointInstanceID'] = 'vpc-bp1opxu1zkhn00gzv%04d' % rng.randrange(10000)
        r['SourceEndpointIP'] = '172.16.%d.%d' % (rng.randrange(256), rng.randrange(1, 255))
        r['SourceEndpointPort'] = '3306'
    if form == 'object':
        r['DbList'] = dbl
        return json.dumps(r, indent=2, ensure_ascii=False) + '\n'
    r['DbList'] = json.dumps(dbl, separators=(',', ':'), ensure_ascii=False)
    return json.dumps(r, indent=2, ensure_ascii=False) + '\n'


def make_sized(seed, form, target):
    """A request of about target bytes: the compact DbList size is aimed
    by how much this form grows it (indentation, escapes), then corrected
    from what the first attempts gave."""
    max_tables = 2 if target < 5000 else 40
    overhead = len(request(random.Random(seed), {}, form).encode('utf-8'))
    aim = max(40, (target - overhead) / (1.6 if form == 'object' else 1.25))
    for _ in range(4):
        rng = random.Random(seed)
        text = request(rng, db_list(rng, int(aim), max_tables), form)
        size = len(text.encode('utf-8'))
        if abs(size - target) <= target * 0.03:
            break
        aim = max(40, aim * (target - overhead) / max(1, size - overhead))
    return text


def write_sized(path, seed, form, target):
    text = make_sized(seed, form, target)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)
    return len(text.encode('utf-8'))


SIZES = [('1k', 1000), ('100k', 100000), ('1m', 1000000), ('10m', 10000000)]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(os.path.join(out, 'small'), exist_ok=True)
    for seed, (label, target) in enumerate(SIZES):
        for form in ('object', 'string'):
            size = write_sized(os.path.join(out, '%s-%s.json' % (label, form)), seed * 2 + (form == 'string'),
                               form, target)
            print('%s-%s.json: %d bytes' % (label, form, size))
    total = 0
    for i in range(1000):
        total += write_sized(os.path.join(out, 'small', '%04d.json' % i), 1000 + i,
                             'object' if i % 2 == 0 else 'string', 2000)
    print('small/: 1000 files, %d bytes on average' % (total // 1000))


if __name__ == '__main__':
    main()
