/* Expressions: numbers, literals, tuples, objects (newline- or
   comma-separated, = or :), calls, references, splats, operators,
   conditionals, for expressions, parentheses. */
locals {
  numbers   = [0, 1, 12.5, 1e3, 2.5E-3, 1e+2]
  literals  = [true, false, null]
  negative  = -1
  not       = !true
  tuple     = [
    1,
    "two",
    [3, [4]],
  ]
  object    = {
    a = 1
    "b" : 2
    c = { d = [true] }, e = "f"
    "quoted key" = "v"
  }
  empty_obj = {}
  empty_tup = []
  computed  = { (var.k) = 1, "${var.k}" = 2, var.x = 3 }
  call      = jsonencode({ "db" = { name = "db", all = true } })
  call2     = max(1, 2, var.list...)
  refs      = [var.x, local.y[0].z, data.a.b.c[*].d, aws_x.y.*.id, var.m["k"], a.0.b]
  ops       = 1 + 2 * 3 - 4 / 5 % 6
  cmp       = 1 < 2 && 2 <= 3 || 3 > 4 && 4 >= 5 == true != false
  cond      = var.x ? "a" : "b"
  cond2     = var.x ? var.y ? 1 : 2 : 3
  paren     = (1 + 2) * 3
  for_tuple = [for s in var.list : upper(s) if s != ""]
  for_obj   = { for k, v in var.map : k => v... if v != null }
  multiline = jsonencode(
    {
      "${var.db}" = {
        name = var.db,
        all  = true
      }
    }
  )
  comment_in = [ # a comment
    1, // another
    /* and */ 2
  ]
}

variable "x" {}
variable "y" { default = 1 }
output "z" {
  value = local.call
}
