# Objects and tuples of literal data alone, the shape of a jsonencode() value,
# which the reader keeps as a span and reads again (HCL_EXPR_DATA): every kind
# of value, key and separator it takes, and some it leaves to the node reader
# (a comment, a reference, a negative number, an interpolation).
a = {
  "quoted" = "text"
  bare_key-1 = 12
  "colon" : 1.5e3
  zero = 0
  t = true
  f = false
  n = null
  "esc\"aped\\key\t" = "a\"b\\c\td\n\u00e9\U0001F600"
  dollars = "$${not} %%{a template} $x %y $ % $$ 100%"
  "" = ""
  empty_object = {}
  empty_tuple = []
  nested = { x = [1, "two", [3, { four = 4 }], {}], y = { z = "deep" } }
  tuple_lines = [
    "one",
    "two"
    , "three",
  ]
  one_line = { p = 1, q = 2, }
  "名前" = "値"
  ключ = "значение"
}
b = [{ "k" = "v" }, ["x"], "y", 1, true, null]
c = { a = { b = 1 }, c = var.x, d = { e = "f" } }
d = {
  # a comment
  g = "h"
}
e = { n = -1, m = { o = "p" } }
f = { s = "${var.x}", t = { u = "v" } }
g = { "a" = 1 }.a
h = [1, 2][0]
i = { a = 1 } == { a = 1 }
j = {
  k = "l" // a comment
}
