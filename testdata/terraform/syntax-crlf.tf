resource "alicloud_dts_instance" "crlf" {
  type = "sync"
  text = <<EOT
  line
EOT
}
