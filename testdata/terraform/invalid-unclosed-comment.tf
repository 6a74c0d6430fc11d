/* unclosed comment
a = 1
