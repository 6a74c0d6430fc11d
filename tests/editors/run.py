#!/usr/bin/env python3
"""The README's editor snippets, run in the real editors, headless.

For Neovim, Emacs with Eglot and Vim with ALE: the snippet is taken from
README.md as it stands, installed as the editor's init file, and the editor
(driven by nvim.lua, eglot.el or ale.vim beside this file) opens a request
with known mistakes.
Asserted, as the editor shows them: the diagnostics (rule, message,
line:column in characters, on a line with CJK and an emoji, where UTF-16,
UTF-8 and character columns all differ), the hover text on a parameter,
quick fixes applied to the buffer through the editor's menu and the
diagnostics that follow, a query-string .txt file linted too, and, where
the client ends the session with shutdown and exit, the server's status.

Usage: run.py neovim|emacs|vim DTSLINT SOURCE_ROOT

Exit 77 (skipped) when the editor (or Eglot, or ALE) is not installed,
unless DTSLINT_EDITOR_TESTS_REQUIRED=1 (CI sets it), when that fails.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

EDITOR, DTSLINT, ROOT = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
HERE = os.path.dirname(os.path.abspath(__file__))
# Each step in the editor waits at most this long; the whole session at most
# SESSION seconds (it has six steps that wait).
WAIT_MS = 30000
SESSION = 240

# The request: examples/mistakes.json with the job name in Chinese and an
# emoji, and JobType on its line, so that its finding and its fix sit where
# bytes, UTF-16 units and characters disagree.
REQUEST_EDIT = ('"orders to self-managed mysql",\n  "JobType"', '"订单迁移😀", "JobType"')
LINE4 = '  "DtsJobName": "订单迁移😀", "JobType": "%s",'

# What the editor shows: (line, column, end line, end column, severity, rule,
# message), 1-based, columns in characters (the command line's columns).
DIAGNOSTICS = [
    (4, 37, 4, 43, 'note', 'DTS104',
     "'JobType' is 'sync'; the documented spelling is 'SYNC'\nhelp: write \"SYNC\""),
    (6, 3, 6, 29, 'error', 'DTS101',
     "'SourceEndpointInstanceId' is not a parameter of ConfigureDtsJob; did you mean "
     "'SourceEndpointInstanceID'? (it is required when 'SourceEndpointInstanceType' is 'RDS')\n"
     "help: rename 'SourceEndpointInstanceId' to 'SourceEndpointInstanceID'"),
    (11, 38, 11, 45, 'error', 'DTS201',
     "'DestinationEndpointIP' is required when 'DestinationEndpointInstanceType' is 'OTHER'\n"
     "help: add \"DestinationEndpointIP\": \"<IP address of the destination database>\""),
    (18, 26, 18, 31, 'error', 'DTS102',
     "'DataSynchronization' must be true or false (or the strings \"true\"/\"false\"), not \"yes\""),
    (19, 17, 19, 32, 'error', 'DTS107',
     "'Checkpoint' is '1610540493000', a UNIX time in milliseconds; the service expects seconds "
     "(10 digits): drop the last three digits"),
    (20, 59, 20, 60, 'error', 'DTS005',
     "'DbList' is not valid JSON: trailing comma before '}': remove this ','"),
]
# Hover on "JobType" after the CJK and the emoji.
HOVER_AT = (4, 30)
HOVER = ('**`JobType`** · parameter of ConfigureDtsJob\n\nstring · required\n\n'
         'The kind of task to configure. Subscription (change tracking) tasks are configured with '
         'ConfigureSubscription instead.\n\nRequired.\n\nValid values:\n'
         '- `MIGRATION`: data migration, a one-off move of the objects (schema, full data, and optionally '
         'incremental changes)\n'
         '- `SYNC`: data synchronization, which keeps the destination in step with the source\n'
         '- `CHECK`: a stand-alone data verification task (bought separately): StructureInitialization, '
         'DataInitialization and DataSynchronization must all be false, and DataCheckConfigure says what to '
         'verify\n\nExample: `SYNC`\n\nSource: [ConfigureDtsJob], [Go SDK model]')
# Quick fixes, in order: on the misspelled key (an ASCII line), then on the
# value after the emoji.
FIXES = [(6, 5), (4, 38)]
FIX_TITLES = [
    ["Fix DTS101: rename 'SourceEndpointInstanceId' to 'SourceEndpointInstanceID'"],
    ['Fix DTS104: write "SYNC"'],
]
FIXED_LINES = {4: LINE4 % 'SYNC', 6: '  "SourceEndpointInstanceID": "rm-bp1imrtn6fq7h1234",'}
# A query-string file (filetype text in Neovim and Vim, text-mode in Emacs).
QUERY = 'testdata/bad/DTS003/fire-query.txt'
QUERY_DIAGNOSTICS = [
    (1, 66, 1, 74, 'error', 'DTS003',
     "'DtsJobId' is given twice in the same object; remove one of them\n"
     "help: keep one of the two members"),
]

# Vim with ALE: ALE 3.3 reads the server's columns (UTF-16 units) as byte
# columns, so on line 4, after 16 bytes of CJK and emoji that are 6 UTF-16
# units, it marks "JobType" where the server means "sync" (the README says
# so).  Its hover and quick fix are asked on ASCII lines, where they work;
# it shows a message on one line and no severity below warning.
ALE_LINE4 = (4, 27, 4, 33)
ALE_HOVER_AT = (5, 10)
ALE_HOVER = ('**`SourceEndpointInstanceType`** · parameter of ConfigureDtsJob\n\nstring · required\n\n'
             'How DTS reaches the source database: the kind of Alibaba Cloud instance it is, or, for a '
             'self-managed database, the way it is connected (public IP, ECS, leased line, CEN, database '
             'gateway).\n\nRequired.\n\nValid values:\n'
             '- `RDS`: an ApsaraDB RDS instance (MySQL, SQL Server, PostgreSQL or MariaDB)\n'
             '- `PolarDB`: a PolarDB for MySQL cluster\n'
             '- `ADS`: an AnalyticDB for MySQL instance\n'
             '- `REDIS`: a Tair (Redis-compatible) instance\n'
             '- `DISTRIBUTED_POLARDBX10`: a PolarDB-X 1.0 instance (formerly DRDS)\n'
             '- `POLARDBX20`: a PolarDB-X 2.0 instance\n'
             '- `MONGODB`: an ApsaraDB for MongoDB instance\n'
             '- `DISTRIBUTED_DMSLOGICDB`: a logical database of Data Management (DMS)\n'
             '- `LINDORM`: a Lindorm instance\n'
             '- `OTHER`: a self-managed database reached over a public IP address\n'
             '- `ECS`: a self-managed database on an ECS instance\n'
             '- `EXPRESS`: a self-managed database reached over Express Connect, VPN Gateway or Smart Access '
             'Gateway (a leased line into a VPC)\n'
             '- `CEN`: a self-managed database reached through Cloud Enterprise Network\n'
             '- `DG`: a self-managed database reached through Database Gateway\n\n'
             'Example: `RDS`\n\nSource: [ConfigureDtsJob], [Go SDK model]')

# The README's snippet for each editor: the first fenced block after the
# line that starts with LEAD.
EDITORS = {
    'neovim': {'program': 'nvim', 'lead': 'Neovim 0.7', 'fence': 'lua', 'init': 'init.lua',
               'packages': 'neovim'},
    'emacs': {'program': 'emacs', 'lead': 'Emacs with Eglot', 'fence': 'elisp', 'init': 'init.el',
              'packages': 'emacs-nox elpa-eglot'},
    'vim': {'program': 'vim', 'lead': 'Vim 9 with [ALE]', 'fence': 'vim', 'init': 'vimrc',
            'packages': 'vim vim-ale'},
}

failed = 0


def check(name, cond, detail=''):
    global failed
    if not cond:
        failed += 1
        print('FAIL %s: %s' % (EDITOR, name))
        if detail:
            print('  ' + str(detail)[:4000])


def skip(why):
    if os.environ.get('DTSLINT_EDITOR_TESTS_REQUIRED') == '1':
        print('FAIL %s (DTSLINT_EDITOR_TESTS_REQUIRED=1)' % why)
        sys.exit(1)
    print('SKIP %s' % why)
    sys.exit(77)


def readme_snippet(lead, fence):
    with open(os.path.join(ROOT, 'README.md'), encoding='utf-8') as f:
        text = f.read()
    m = re.search(r'^%s.*?^```%s\n(.*?)^```$' % (re.escape(lead), fence), text, re.M | re.S)
    if not m:
        print('FAIL README.md has no ```%s block after a line starting "%s"' % (fence, lead))
        sys.exit(1)
    return m.group(1)


def editor_version(program):
    out = subprocess.run([program, '--version'], capture_output=True, text=True).stdout
    return out.splitlines()[0] if out else '?'


def run_editor(argv, env, cwd):
    """The editor in its own process group, so a hang kills the server too."""
    proc = subprocess.Popen(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=SESSION)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        return 'timeout after %ds' % SESSION, out.decode(errors='replace')
    return proc.returncode, out.decode(errors='replace')


def shown(diags):
    """The expected diagnostics as this editor reports them."""
    if EDITOR == 'emacs':  # Eglot: "source [code]: message" in one text
        return [[l, c, el, ec, sev, 'dtslint [%s]: %s' % (code, msg)]
                for l, c, el, ec, sev, code, msg in diags]
    if EDITOR == 'vim':
        return [list(ALE_LINE4 if l == 4 else (l, c, el, ec)) +
                ['E' if sev == 'error' else 'W', code, msg.replace('\n', ' ')]
                for l, c, el, ec, sev, code, msg in diags]
    return [list(d) for d in diags]


def plan_for(editor):
    """Where to hover and which quick fixes to take: for ALE, on ASCII lines."""
    if editor == 'vim':
        return {'hover': ALE_HOVER_AT, 'hover_text': ALE_HOVER, 'fixes': FIXES[:1],
                'titles': FIX_TITLES[:1], 'fixed_codes': ['DTS101'], 'fixed_lines': {6: FIXED_LINES[6]}}
    return {'hover': HOVER_AT, 'hover_text': HOVER, 'fixes': FIXES, 'titles': FIX_TITLES,
            'fixed_codes': ['DTS101', 'DTS104'], 'fixed_lines': FIXED_LINES}


def main():
    conf = EDITORS[EDITOR]
    program = shutil.which(conf['program'])
    if not program:
        skip('%s is not installed (Debian: %s)' % (conf['program'], conf['packages']))
    if EDITOR == 'emacs' and subprocess.run(
            [program, '--batch', '--eval', "(require 'eglot)"], capture_output=True).returncode:
        skip('Eglot is not installed (built into Emacs 29; Debian 12: elpa-eglot)')
    if EDITOR == 'vim' and subprocess.run(
            [program, '-N', '-u', 'NONE', '-i', 'NONE', '-es', '--cmd', 'silent! packadd ale',
             '-c', 'if !exists("g:loaded_ale") | cquit | endif', '-c', 'qall!'],
            stdin=subprocess.DEVNULL, capture_output=True).returncode:
        skip('ALE is not installed (Debian: vim-ale)')
    print('%s: %s' % (EDITOR, editor_version(program)))
    snippet = readme_snippet(conf['lead'], conf['fence'])

    with tempfile.TemporaryDirectory() as tmp:
        home = os.path.join(tmp, 'home')
        work = os.path.join(tmp, 'dts')
        bindir = os.path.join(tmp, 'bin')
        for d in (home, work, bindir):
            os.mkdir(d)
        # The snippets run "dtslint" from PATH, as a user's would.
        os.symlink(DTSLINT, os.path.join(bindir, 'dtslint'))
        init = os.path.join(tmp, conf['init'])
        with open(init, 'w', encoding='utf-8') as f:
            if EDITOR == 'vim':  # -u skips defaults.vim; the README asks for this before
                f.write('filetype plugin on\n')
            f.write(snippet)
        with open(os.path.join(ROOT, 'examples', 'mistakes.json'), encoding='utf-8') as f:
            request = f.read()
        check('examples/mistakes.json still has the text this test edits', REQUEST_EDIT[0] in request)
        request_path = os.path.join(work, 'mistakes.json')
        with open(request_path, 'w', encoding='utf-8') as f:
            f.write(request.replace(*REQUEST_EDIT))
        query_path = os.path.join(work, 'query.txt')
        shutil.copy(os.path.join(ROOT, QUERY), query_path)
        out = os.path.join(tmp, 'report.json')
        plan = os.path.join(tmp, 'plan.json')
        want = plan_for(EDITOR)
        with open(plan, 'w') as f:
            json.dump({'file': request_path, 'query': query_path, 'out': out, 'wait_ms': WAIT_MS,
                       'hover': want['hover'], 'fixes': want['fixes'],
                       'fixed_codes': want['fixed_codes']}, f)
        env = dict(os.environ, HOME=home, PATH=bindir + os.pathsep + os.environ.get('PATH', ''),
                   XDG_CONFIG_HOME=os.path.join(home, '.config'),
                   XDG_DATA_HOME=os.path.join(home, '.local', 'share'),
                   XDG_STATE_HOME=os.path.join(home, '.local', 'state'),
                   XDG_CACHE_HOME=os.path.join(home, '.cache'),
                   LC_ALL='C.UTF-8', TERM='dumb', DTSLINT_EDITOR_PLAN=plan)
        if EDITOR == 'neovim':
            argv = [program, '--headless', '-u', init, '-i', 'NONE', '-n',
                    '-c', 'luafile ' + os.path.join(HERE, 'nvim.lua'), request_path]
        elif EDITOR == 'emacs':
            argv = [program, '--batch', '-l', init, '-l', os.path.join(HERE, 'eglot.el')]
        else:
            argv = [program, '-N', '-u', init, '-i', 'NONE', '-n', '-es',
                    '-S', os.path.join(HERE, 'ale.vim'), request_path]
        status, output = run_editor(argv, env, work)
        report = {}
        if os.path.exists(out):
            with open(out, encoding='utf-8') as f:
                report = json.load(f)
        if EDITOR == 'neovim':
            log = os.path.join(home, '.cache', 'nvim', 'lsp.log')
            log = open(log, encoding='utf-8').read() if os.path.exists(log) else ''
            check("Neovim's LSP log has no error", '[ERROR]' not in log and '[WARN]' not in log, log)
    verify(status, output, report, want)
    print('%s: %s' % (EDITOR, 'FAILED' if failed else 'all passed'))
    sys.exit(1 if failed else 0)


def verify(status, output, report, plan):
    steps = report.get('steps')
    check('the editor ran to the end', status == 0 and not report.get('error'),
          'status %s, error %r, steps %r\n%s' % (status, report.get('error'), steps, output))
    if EDITOR == 'neovim':
        check('FileType json, the server attached',
              report.get('filetype') == 'json' and report.get('clients') == ['dtslint'], report)
        check('nothing notified', report.get('notifications') == [], report.get('notifications'))
    elif EDITOR == 'emacs':
        check('Eglot managed the request file, then the .txt',
              report.get('mode') in ('js-mode', 'js-json-mode') and report.get('query_mode') == 'text-mode',
              (report.get('mode'), report.get('query_mode')))
    else:
        check('filetype json, then text', (report.get('filetype'), report.get('query_filetype'))
              == ('json', 'text'), report)
    want = shown(DIAGNOSTICS)
    check('diagnostics: rules, messages, line:column in characters',
          report.get('diagnostics') == want, diff(report.get('diagnostics'), want))
    check('hover on a parameter', report.get('hover') == plan['hover_text'],
          diff(report.get('hover'), plan['hover_text']))
    check('quick fixes offered, one each', report.get('actions') == plan['titles'], report.get('actions'))
    lines = report.get('lines') or []
    for n, text in plan['fixed_lines'].items():
        check('quick fix applied to line %d' % n, len(lines) >= n and lines[n - 1] == text,
              lines[n - 1] if len(lines) >= n else lines)
    want = shown([d for d in DIAGNOSTICS if d[5] not in plan['fixed_codes']])
    check('after the fixes, the rest of the diagnostics', report.get('after') == want,
          diff(report.get('after'), want))
    want = shown(QUERY_DIAGNOSTICS)
    check('a query-string .txt file is linted', report.get('query') == want, diff(report.get('query'), want))
    if EDITOR == 'neovim':
        check('the server exits 0 after shutdown and exit', report.get('exit') == [0, 0], report.get('exit'))
    elif EDITOR == 'emacs':
        exits = report.get('exit') or []
        check('every server exits 0 after shutdown and exit, nothing on stderr',
              exits and all(e == [0, ''] for e in exits), exits)


def diff(got, want):
    return 'got:  %s\n  want: %s' % (json.dumps(got, ensure_ascii=False),
                                     json.dumps(want, ensure_ascii=False))


if __name__ == '__main__':
    main()
