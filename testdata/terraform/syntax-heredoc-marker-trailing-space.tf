a = <<EOF
x
EOF 	
b = <<-EOT
  y
  EOT  
