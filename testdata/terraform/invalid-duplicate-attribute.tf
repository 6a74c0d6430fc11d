resource "alicloud_dts_instance" "d" {
  type = "sync"
  type = "migration"
}
