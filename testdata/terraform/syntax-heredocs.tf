# Heredocs: <<EOF keeps every space and backslash; <<- strips the smallest
# indentation (a blank line does not count and keeps its spaces); the
# closing marker may be indented; $${ and %%{ are text.
resource "alicloud_dts_synchronization_job" "heredoc" {
  db_list = <<EOF
{"dtstest": {"name": "dtstest", "all": true}}
EOF
  reserve = <<-EOT
    {
      "targetTableMode": "0",

    	"note": "a tab, then spaces: \n stays two characters",
      "literal": "$${not.interpolated} %%{not.a.directive}"
    }
  EOT
  data_check_configure = <<-JSON
      {"checkMode": 1}
    JSON
  empty = <<EOF
EOF
  interpolated = <<EOT
  ${var.name} is a reference
EOT
  directive = <<-EOT
    %{ for x in var.list ~}
    - ${x}
    %{ endfor ~}
  EOT
  crlf = "no heredoc"
}

locals {
  unicode = <<-EOT
	  é中😀 stays
	    indented
	EOT
}
