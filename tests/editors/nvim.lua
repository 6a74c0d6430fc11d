-- Neovim's half of tests/editors/run.py: loaded after the README's snippet
-- (as init.lua) with the request file already open, it does what a user
-- would (wait for diagnostics, hover, pick a quick fix, open a query-string
-- file) through Neovim's own LSP client, and writes what Neovim shows as
-- JSON to the file the plan names.  run.py holds the expectations.
--
-- Only Neovim 0.7 API (Debian 12's version): vim.diagnostic, vim.lsp.buf,
-- vim.ui.select, vim.wait.

local plan = vim.fn.json_decode(vim.fn.readfile(os.getenv('DTSLINT_EDITOR_PLAN')))
local WAIT = plan.wait_ms
local report = {notifications = {}, steps = {}}

local function write_report()
  local f = assert(io.open(plan.out, 'w'))
  f:write(vim.fn.json_encode(report))
  f:close()
end

-- A failed wait ends the session at once: what was seen so far is reported.
local function need(ok, what)
  if not ok then
    report.error = 'timed out waiting for ' .. what
    write_report()
    vim.cmd('cquit 1')
  end
end

local function step(name)
  table.insert(report.steps, name)
end

-- Messages Neovim would show the user (errors, "No code actions available").
vim.notify = function(msg, level)
  table.insert(report.notifications, {msg, level or 0})
end

local SEVERITY = {'error', 'warning', 'note', 'hint'}

-- 0-based line and byte column -> 1-based line and column in characters.
local function char_pos(buf, lnum, col)
  local text = vim.api.nvim_buf_get_lines(buf, lnum, lnum + 1, false)[1] or ''
  return {lnum + 1, vim.str_utfindex(text, math.min(col, #text)) + 1}
end

local function diagnostics(buf)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local s, e = char_pos(buf, d.lnum, d.col), char_pos(buf, d.end_lnum, d.end_col)
    table.insert(list, {s[1], s[2], e[1], e[2], SEVERITY[d.severity], d.code, d.message})
  end
  table.sort(list, function(a, b) return a[1] < b[1] or (a[1] == b[1] and a[2] < b[2]) end)
  return list
end

-- 1-based line and character column -> the cursor there.
local function cursor_at(pos)
  local text = vim.api.nvim_buf_get_lines(0, pos[1] - 1, pos[1], false)[1]
  vim.api.nvim_win_set_cursor(0, {pos[1], vim.str_byteindex(text, pos[2] - 1)})
end

local function float_lines()
  for _, w in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(w).relative ~= '' then
      return vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(w), 0, -1, false), w
    end
  end
end

local buf = vim.api.nvim_get_current_buf()
report.filetype = vim.bo.filetype

step('diagnostics')
need(vim.wait(WAIT, function() return #vim.diagnostic.get(buf) > 0 end, 20), 'diagnostics')
report.diagnostics = diagnostics(buf)
-- Initialized by now: buf_get_clients() lists only initialized clients.
local clients = vim.lsp.buf_get_clients(buf)
report.clients = {}
for _, c in pairs(clients) do table.insert(report.clients, c.name) end

step('hover')
cursor_at(plan.hover)
vim.lsp.buf.hover()
need(vim.wait(WAIT, function() return float_lines() ~= nil end, 20), 'the hover window')
local lines, win = float_lines()
report.hover = table.concat(lines, '\n')
vim.api.nvim_win_close(win, true)

-- The quick fixes, the first offered taken each time, as a user choosing
-- from the menu would.
report.actions = {}
vim.ui.select = function(items, opts, on_choice)
  local titles = {}
  for i, item in ipairs(items) do titles[i] = opts.format_item(item) end
  table.insert(report.actions, titles)
  on_choice(items[1], 1)
end
for i, pos in ipairs(plan.fixes) do
  step('quick fix ' .. i)
  local before = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  cursor_at(pos)
  vim.lsp.buf.code_action()
  need(vim.wait(WAIT, function()
    return not vim.deep_equal(before, vim.api.nvim_buf_get_lines(buf, 0, -1, false))
  end, 20), 'the quick fix to change the buffer')
end
report.lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)

-- The server relints the edited text: wait for the fixed findings to go.
step('diagnostics after the fixes')
local fixed = {}
for _, code in ipairs(plan.fixed_codes) do fixed[code] = true end
need(vim.wait(WAIT, function()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if fixed[d.code] then return false end
  end
  return true
end, 20), 'the fixed findings to go')
report.after = diagnostics(buf)

step('query-string file')
vim.cmd('edit ' .. vim.fn.fnameescape(plan.query))
local qbuf = vim.api.nvim_get_current_buf()
report.query_filetype = vim.bo.filetype
need(vim.wait(WAIT, function() return #vim.diagnostic.get(qbuf) > 0 end, 20), 'query-string diagnostics')
report.query = diagnostics(qbuf)

-- A clean stop: shutdown, exit, and the server's exit status.
step('stop')
for _, c in pairs(clients) do
  c.config.on_exit = function(code, signal) report.exit = {code, signal} end
  c.stop()
end
need(vim.wait(WAIT, function() return report.exit ~= nil end, 20), 'the server to exit')
step('done')
write_report()
vim.cmd('qall!')
