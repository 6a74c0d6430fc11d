# numbers as math/big reads them (hclsyntax asks it)
a = 1.e3
b = 1e2147483646
c = 0.1e2147483647
d = 1e-2147483649
e = 0e2147483647
f = 00001e+5
g = 1e5.x
h = 12345678901234567890123456789e-3
