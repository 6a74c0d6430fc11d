a = <<EOF
x
 EOF 
EOF
