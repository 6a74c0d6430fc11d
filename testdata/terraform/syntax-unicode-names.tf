é = 1
中文 = 2
ß_x-1 = 3
µ = 4
naïve "l" { ünïcode = "ok" }
x = 中文 + é
