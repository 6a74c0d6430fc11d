#!/usr/bin/env python3
"""Write a realistic ConfigureDtsJob request with a DbList of about the
size asked for: databases with renamed tables, filters and column maps.
Used for inputs too large to keep in git (DTS110's case) and by the
benchmarks.  Deterministic: the same arguments give the same bytes.

usage: gen_request.py [--dblist-bytes N] [--form object|string] [--minify]
                      [--operation ConfigureDtsJob|ModifyDtsJob] [--exact]

--exact: the DbList, minified, is exactly N bytes (its last filter padded
with spaces), for the cases at a size limit.
"""
import argparse
import json
import sys


def db_list(target: int) -> dict:
    dbs = {}
    size = 2
    d = 0
    while size < target:
        tables = {}
        for t in range(50):
            name = 'orders_%04d_%02d' % (d, t)
            tables[name] = {
                'name': name + '_new',
                'all': False,
                'filter': "status = 'paid' and id > %d" % (t * 1000),
                'column': {'id': {'name': 'id'}, 'amount': {'name': 'amount_cny'},
                           'created_at': {'name': 'created_at'}},
            }
        db = {'name': 'shop_%04d' % d, 'all': False, 'Table': tables}
        piece = len(json.dumps({'shop_%04d' % d: db}, separators=(',', ':')))
        dbs['shop_%04d' % d] = db
        size += piece
        d += 1
    return dbs


def pad_to(dbs: dict, target: int) -> None:
    """Pad the last table's filter so that dbs, minified, is target bytes.
    It also gets escapes (a tab, a backslash), which count as written."""
    last = list(dbs.values())[-1]['Table']
    table = last[list(last)[-1]]
    table['filter'] = "note = 'a\\\\b'\tand " + table['filter']
    size = len(json.dumps(dbs, separators=(',', ':')))
    if size > target:
        sys.exit('gen_request.py: --exact %d is below the smallest DbList (%d bytes)' % (target, size))
    table['filter'] += ' ' * (target - size)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument('--dblist-bytes', type=int, default=200)
    ap.add_argument('--form', choices=['object', 'string'], default='object')
    ap.add_argument('--minify', action='store_true')
    ap.add_argument('--operation', choices=['ConfigureDtsJob', 'ModifyDtsJob'], default='ConfigureDtsJob')
    ap.add_argument('--exact', action='store_true')
    a = ap.parse_args()
    dbl = db_list(a.dblist_bytes - 20000 if a.exact else a.dblist_bytes)
    if a.exact:
        pad_to(dbl, a.dblist_bytes)
    request = {
        'Action': 'ConfigureDtsJob',
        'RegionId': 'cn-hangzhou',
        'DtsJobName': 'orders_rds_to_rds',
        'JobType': 'MIGRATION',
        'SourceEndpointInstanceType': 'RDS',
        'SourceEndpointInstanceID': 'rm-bp1imrtn6fq7h1234',
        'SourceEndpointEngineName': 'MYSQL',
        'SourceEndpointRegion': 'cn-hangzhou',
        'SourceEndpointUserName': 'dtstest',
        'SourceEndpointPassword': '********',
        'DestinationEndpointInstanceType': 'RDS',
        'DestinationEndpointInstanceID': 'rm-bp1072qxu5q3h5678',
        'DestinationEndpointEngineName': 'MYSQL',
        'DestinationEndpointRegion': 'cn-hangzhou',
        'DestinationEndpointUserName': 'dtstest',
        'DestinationEndpointPassword': '********',
        'StructureInitialization': True,
        'DataInitialization': True,
        'DataSynchronization': False,
        'DbList': dbl if a.form == 'object' else json.dumps(dbl, separators=(',', ':')),
    }
    if a.operation == 'ModifyDtsJob':
        # ModifyDtsJob's DbList replaces a task's objects; its limit is 1 MB.
        request = {'Action': 'ModifyDtsJob', 'RegionId': 'cn-hangzhou',
                   'DtsInstanceId': 'dtsbi6e22ay243abcd', 'DbList': request['DbList']}
    if a.minify:
        sys.stdout.write(json.dumps(request, separators=(',', ':'), ensure_ascii=False))
    else:
        sys.stdout.write(json.dumps(request, indent=2, ensure_ascii=False))
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
