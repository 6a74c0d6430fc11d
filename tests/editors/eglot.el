;;; eglot.el --- Emacs's half of tests/editors/run.py  -*- lexical-binding: t -*-

;; Loaded after the README's snippet in `emacs --batch', it does what a
;; user would (M-x eglot in a request file, wait for Flymake's
;; diagnostics, hover through ElDoc, M-x eglot-code-actions, open a
;; query-string file) and writes what Emacs shows as JSON to the file the
;; plan names.  run.py holds the expectations.  Eglot 1.9 (Debian 12's
;; elpa-eglot, for Emacs 28) and the Eglot built into Emacs 29 and later.

(require 'cl-lib)
(require 'json)
(require 'subr-x)
(require 'flymake)
(require 'eldoc)
(require 'eglot)

(defvar dtslint-plan (let ((json-array-type 'list))
                       (json-read-file (getenv "DTSLINT_EDITOR_PLAN"))))
(defvar dtslint-report nil "An alist, written out as JSON.")
(defvar dtslint-steps nil "The steps begun, latest first.")
(defvar dtslint-wait (/ (alist-get 'wait_ms dtslint-plan) 1000.0))

(defun dtslint-put (key value)
  (setq dtslint-report (append dtslint-report (list (cons key value)))))

(defun dtslint-write-report ()
  (with-temp-file (alist-get 'out dtslint-plan)
    (insert (json-encode (cons (cons 'steps (vconcat (reverse dtslint-steps))) dtslint-report)))))

(defun dtslint-rows (rows)
  "ROWS, a list of lists, as JSON arrays (json.el would make lists objects)."
  (vconcat (mapcar #'vconcat rows)))

(defun dtslint-wait-for (what pred)
  "Run timers and process output until PRED holds; fail after the plan's wait."
  (let ((deadline (+ (float-time) dtslint-wait)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.02))
    (unless (funcall pred)
      (error "Timed out waiting for %s" what))))

(defun dtslint-step (name)
  (push name dtslint-steps))

(defun dtslint-goto (pos)
  "Point at POS: a 1-based line and column in characters."
  (goto-char (point-min))
  (forward-line (1- (nth 0 pos)))
  (forward-char (1- (nth 1 pos))))

(defun dtslint-char-pos (point)
  (save-excursion
    (goto-char point)
    (list (line-number-at-pos) (1+ (- (point) (line-beginning-position))))))

(defun dtslint-diagnostics ()
  "What Flymake shows: positions, type and text, in buffer order."
  (let ((list (mapcar (lambda (d)
                        (append (dtslint-char-pos (flymake-diagnostic-beg d))
                                (dtslint-char-pos (flymake-diagnostic-end d))
                                (list (pcase (flymake-diagnostic-type d)
                                        ('eglot-error "error") ('eglot-warning "warning")
                                        ('eglot-note "note") (type (format "%s" type)))
                                      (flymake-diagnostic-text d))))
                      (flymake-diagnostics))))
    (sort list (lambda (a b) (or (< (car a) (car b))
                                 (and (= (car a) (car b)) (< (cadr a) (cadr b))))))))

(defun dtslint-codes ()
  "The rule IDs of the diagnostics Flymake holds."
  (mapcar (lambda (d) (plist-get (alist-get 'eglot-lsp-diag (flymake-diagnostic-data d)) :code))
          (flymake-diagnostics)))

(defun dtslint-start-eglot ()
  "M-x eglot, then wait until it manages the buffer and Flymake has run.
A buffer of a mode the running server manages (the snippet gives it all
three) is managed as it is visited: M-x eglot would offer to restart."
  (unless (eglot-managed-p)
    (call-interactively #'eglot))
  (dtslint-wait-for "Eglot to manage the buffer" #'eglot-managed-p)
  (flymake-start)
  (dtslint-wait-for "diagnostics" #'flymake-diagnostics))

(defun dtslint-hover ()
  "What ElDoc would show at point, from Eglot's hover function."
  (let (docs)
    (let ((eldoc-display-functions (list (lambda (d _interactive) (setq docs d)))))
      (eldoc-print-current-symbol-info t)
      (dtslint-wait-for "the hover text" (lambda () docs)))
    (mapconcat #'car docs "\n")))

(defvar dtslint-actions nil "The titles of the actions offered, per menu.")

(defun dtslint-code-actions ()
  "M-x eglot-code-actions, the first action chosen from the menu.
Not eglot-code-action-quickfix: in Eglot 1.9 it asks the server and
applies nothing (it calls eglot-code-actions without INTERACTIVE)."
  (cl-letf (((symbol-function 'completing-read)
             (lambda (_prompt collection &rest _)
               (push (mapcar #'car collection) dtslint-actions)
               (caar collection))))
    ;; As after a key: a mouse event would pop up a menu instead.
    (let ((last-nonmenu-event ?\r))
      (call-interactively #'eglot-code-actions))))

(defun dtslint-run ()
  (let ((file (alist-get 'file dtslint-plan)))
    (dtslint-step "diagnostics")
    (find-file file)
    (dtslint-put 'mode (symbol-name major-mode))
    (dtslint-start-eglot)
    (dtslint-put 'diagnostics (dtslint-rows (dtslint-diagnostics)))
    (dtslint-step "hover")
    (dtslint-goto (alist-get 'hover dtslint-plan))
    (dtslint-put 'hover (dtslint-hover))
    (let ((n 0))
      (dolist (pos (alist-get 'fixes dtslint-plan))
        (dtslint-step (format "quick fix %d" (cl-incf n)))
        (let ((before (buffer-string)))
          (dtslint-goto pos)
          (dtslint-code-actions)
          (dtslint-wait-for "the quick fix to change the buffer"
                            (lambda () (not (equal before (buffer-string))))))))
    (dtslint-put 'actions (dtslint-rows (reverse dtslint-actions)))
    (dtslint-put 'lines (vconcat (split-string (buffer-substring-no-properties (point-min) (point-max)) "\n")))
    (dtslint-step "diagnostics after the fixes")
    ;; Eglot sends the edits on an idle timer, and batch Emacs is never
    ;; idle; saving sends them at once (didChange, then didSave).
    (save-buffer)
    (let ((fixed (alist-get 'fixed_codes dtslint-plan)))
      (dtslint-wait-for "the fixed findings to go"
                        (lambda () (and (flymake-diagnostics)
                                        (not (cl-intersection fixed (dtslint-codes)
                                                              :test #'equal)))))))
  (dtslint-put 'after (dtslint-rows (dtslint-diagnostics)))
  (dtslint-step "query-string file")
  (find-file (alist-get 'query dtslint-plan))
  (dtslint-put 'query_mode (symbol-name major-mode))
  (dtslint-start-eglot)
  (dtslint-put 'query (dtslint-rows (dtslint-diagnostics)))
  ;; A clean stop, as eglot-shutdown does it but waiting for the server's
  ;; own exit (eglot-shutdown kills it right after "exit"): Eglot's
  ;; internals, the only way to that status.
  (dtslint-step "stop")
  (let ((statuses nil))
    (dolist (servers (hash-table-values eglot--servers-by-project))
      (dolist (s servers)
        (let ((proc (jsonrpc--process s)))
          (setf (eglot--shutdown-requested s) t)
          (jsonrpc-request s :shutdown nil :timeout dtslint-wait)
          (jsonrpc-notify s :exit nil)
          (dtslint-wait-for "the server to exit" (lambda () (not (process-live-p proc))))
          (push (list (process-exit-status proc)
                      ;; What the server wrote, without the sentinel's line
                      (replace-regexp-in-string
                       "^\n?Process .* finished\n" ""
                       (with-current-buffer (jsonrpc-stderr-buffer s) (buffer-string))))
                statuses))))
    (dtslint-put 'exit (dtslint-rows statuses)))
  (dtslint-step "done"))

(condition-case err
    (dtslint-run)
  (error (dtslint-put 'error (error-message-string err))))
(dtslint-write-report)
(kill-emacs (if (alist-get 'error dtslint-report) 1 0))
