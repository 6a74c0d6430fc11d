# <<- counts Unicode spaces (U+00A0, U+3000) as HashiCorp's parser does: one character each
a = <<-EOF
  x
　　y
   z
  EOF
b = <<-EOF
   w
 v
  EOF
