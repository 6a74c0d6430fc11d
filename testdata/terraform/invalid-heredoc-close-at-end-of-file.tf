a = <<-EOF
	x
EOF