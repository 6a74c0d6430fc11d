a = <<EOF trailing
x
EOF
