" Vim's half of tests/editors/run.py (Vim 9 with ALE): sourced after the
" README's snippet (in vimrc) with the request file already open, it does
" what a user would (wait for ALE's diagnostics, :ALEHover, :ALECodeAction,
" open a query-string file) and writes what ALE shows as JSON to the file
" the plan names.  run.py holds the expectations.
"
" ALE shows a hover text with ale#util#ShowMessage() and asks which code
" action to apply with ale#util#Input() (its own seams for its tests): both
" are replaced here to record what the user would see and to choose the
" first action.

let s:plan = json_decode(join(readfile($DTSLINT_EDITOR_PLAN), "\n"))
let s:report = {'steps': [], 'messages': []}

function! s:WriteReport() abort
  call writefile([json_encode(s:report)], s:plan.out)
endfunction

" Vim has no wait(): sleep lets jobs, channels and timers run.
function! s:WaitFor(what, Cond) abort
  let l:deadline = reltimefloat(reltime()) + s:plan.wait_ms / 1000.0
  while !a:Cond() && reltimefloat(reltime()) < l:deadline
    sleep 20m
  endwhile
  if !a:Cond()
    let s:report.error = 'timed out waiting for ' . a:what
    call s:WriteReport()
    cquit 1
  endif
endfunction

function! s:Step(name) abort
  call add(s:report.steps, a:name)
endfunction

function! s:Loclist(buf) abort
  return filter(copy(get(get(g:ale_buffer_info, a:buf, {}), 'loclist', [])),
  \ {_, d -> d.linter_name is# 'dtslint'})
endfunction

" ALE's loclist as shown: line, column (in characters; ALE's columns are
" byte columns), end line, end column (exclusive), type, rule, text.
function! s:Diagnostics(buf) abort
  let l:rows = []
  for l:d in s:Loclist(a:buf)
    let l:text = getbufline(a:buf, l:d.lnum)[0]
    let l:end = getbufline(a:buf, l:d.end_lnum)[0]
    call add(l:rows, [l:d.lnum, charidx(l:text, l:d.col - 1) + 1,
    \ l:d.end_lnum, charidx(l:end, l:d.end_col - 1) + 2,
    \ l:d.type, get(l:d, 'code', ''), l:d.text])
  endfor
  return sort(l:rows, {a, b -> a[0] == b[0] ? a[1] - b[1] : a[0] - b[0]})
endfunction

" A 1-based line and character column -> the cursor there.
function! s:CursorAt(pos) abort
  call cursor(a:pos[0], byteidx(getline(a:pos[0]), a:pos[1] - 1) + 1)
endfunction

runtime autoload/ale/util.vim
let s:hover = v:null
function! ale#util#ShowMessage(string, ...) abort
  let s:hover = a:string
endfunction
let s:report.actions = []
function! ale#util#Input(message, value, ...) abort
  " "Code Fixes:\n1) title\n...Type number and <Enter> (empty cancels): "
  let l:titles = map(filter(split(a:message, "\n"), {_, l -> l =~# '^\d\+) '}),
  \ {_, l -> substitute(l, '^\d\+) ', '', '')})
  call add(s:report.actions, l:titles)
  return '1'
endfunction

let s:buf = bufnr('')
let s:report.filetype = &filetype

call s:Step('diagnostics')
call s:WaitFor('diagnostics', {-> !empty(s:Loclist(s:buf))})
let s:report.diagnostics = s:Diagnostics(s:buf)

call s:Step('hover')
call s:CursorAt(s:plan.hover)
ALEHover
call s:WaitFor('the hover text', {-> s:hover isnot v:null})
let s:report.hover = s:hover

let s:n = 0
for s:pos in s:plan.fixes
  let s:n += 1
  call s:Step('quick fix ' . s:n)
  let s:before = getline(1, '$')
  call s:CursorAt(s:pos)
  ALECodeAction
  call s:WaitFor('the quick fix to change the buffer', {-> getline(1, '$') != s:before})
endfor
let s:report.lines = getline(1, '$')

" ALE sends the edited text when it lints (after a change, on a timer that
" Ex mode does not run): as :ALELint does.
call s:Step('diagnostics after the fixes')
ALELint
call s:WaitFor('the fixed findings to go', {-> !empty(s:Loclist(s:buf)) &&
\ empty(filter(s:Loclist(s:buf), {_, d -> index(s:plan.fixed_codes, get(d, 'code', '')) >= 0}))})
let s:report.after = s:Diagnostics(s:buf)

call s:Step('query-string file')
update  " the fixed request saved, as Vim asks before leaving a changed buffer
execute 'edit' fnameescape(s:plan.query)
let s:qbuf = bufnr('')
let s:report.query_filetype = &filetype
call s:WaitFor('query-string diagnostics', {-> !empty(s:Loclist(s:qbuf))})
let s:report.query = s:Diagnostics(s:qbuf)

call s:Step('done')
call s:WriteReport()
qall!
