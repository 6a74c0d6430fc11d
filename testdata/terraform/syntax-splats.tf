a = [for x in y : x]
b = x.y.*.z
c = x[*].y[0]
